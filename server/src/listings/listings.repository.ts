// SQL for the listings a site registers: the registry row, and the cards of the conversations about it.
import type { Listing, ListingStatus, Message, SystemContent } from '../../../protocol/index.ts';
import type { Sql } from '../db/sql.ts';
import { insertSystemMessages } from '../messages/system-messages.ts';

/** A listing to register (its links already checked against the site's origins): the registry's shape, less the time it gets. */
export type ListingInput = Omit<Listing, 'updatedAt'>;

/** What registering changed: the listing, the conversations about it and the status messages posted. */
export interface RegisteredListing {
  listing: Listing;
  conversations: Array<{ id: string; buyerId: string; sellerId: string }>;
  systemMessages: Message[];
}

interface ListingRow {
  id: string;
  seller_id: string;
  title: string;
  price: string | null;
  url: string | null;
  image_url: string | null;
  status: ListingStatus;
  updated_at: Date;
}

const toListing = (r: ListingRow): Listing => ({
  id: r.id,
  sellerId: r.seller_id,
  title: r.title,
  price: r.price,
  url: r.url,
  imageUrl: r.image_url,
  status: r.status,
  updatedAt: r.updated_at.toISOString(),
});

/** Listing persistence; every method is scoped to a site. */
export class ListingsRepository {
  readonly #sql: Sql;

  constructor(sql: Sql) {
    this.#sql = sql;
  }

  /**
   * Registers a listing (or replaces it) and, in the same transaction, puts the new card on every
   * conversation about it; when the status changed (a listing first registered counts as having
   * been available), each of those conversations gets a system message saying so.
   */
  register(siteId: string, input: ListingInput): Promise<RegisteredListing> {
    return this.#sql.begin(async (tx) => {
      const [previous] = await tx<{ status: ListingStatus }[]>`
        SELECT status FROM listings WHERE site_id = ${siteId} AND id = ${input.id} FOR UPDATE`;
      const [row] = await tx<ListingRow[]>`
        INSERT INTO listings (site_id, id, seller_id, title, price, url, image_url, status)
        VALUES (${siteId}, ${input.id}, ${input.sellerId}, ${input.title}, ${input.price}, ${input.url}, ${input.imageUrl}, ${input.status})
        ON CONFLICT (site_id, id) DO UPDATE SET
          seller_id = EXCLUDED.seller_id, title = EXCLUDED.title, price = EXCLUDED.price, url = EXCLUDED.url,
          image_url = EXCLUDED.image_url, status = EXCLUDED.status, updated_at = now()
        RETURNING id, seller_id, title, price, url, image_url, status, updated_at`;
      const conversations = await tx<{ id: string; buyer_id: string; seller_id: string }[]>`
        UPDATE conversations SET listing_title = ${input.title}, listing_price = ${input.price}, listing_url = ${input.url},
               listing_image_url = ${input.imageUrl}, listing_status = ${input.status}
        WHERE site_id = ${siteId} AND listing_id = ${input.id}
        RETURNING id, buyer_id, seller_id`;
      const changed = (previous?.status ?? 'available') !== input.status;
      const content: SystemContent = { type: 'listing.status', status: input.status };
      const systemMessages =
        changed && conversations.length > 0
          ? await insertSystemMessages(tx as unknown as Sql, siteId, tx`c.listing_id = ${input.id}`, content)
          : [];
      return {
        listing: toListing(row!),
        conversations: conversations.map((c) => ({ id: c.id, buyerId: c.buyer_id, sellerId: c.seller_id })),
        systemMessages,
      };
    });
  }

  /** A registered listing of the site, or null. */
  async get(siteId: string, id: string): Promise<Listing | null> {
    const [row] = await this.#sql<ListingRow[]>`
      SELECT id, seller_id, title, price, url, image_url, status, updated_at FROM listings WHERE site_id = ${siteId} AND id = ${id}`;
    return row ? toListing(row) : null;
  }
}
