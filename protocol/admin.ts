// The server API's shapes (`/api/v1/admin/…`, an API key as Bearer): what a marketplace's backend sends and gets.
import type { ListingStatus } from './models.ts';
import type { WarningCode } from './safety.ts';

/** A listing as the site's server registered it. */
export interface Listing {
  id: string;
  sellerId: string;
  title: string;
  price: string | null;
  url: string | null;
  imageUrl: string | null;
  status: ListingStatus;
  /** ISO 8601. */
  updatedAt: string;
}

/** `PUT /admin/listings/:id`: registers a listing or replaces what was registered. */
export interface PutListingRequest {
  sellerId: string;
  title: string;
  price?: string | null;
  url?: string | null;
  imageUrl?: string | null;
  status: ListingStatus;
}

/** `PUT /admin/listings/:id` → 200. */
export interface ListingResponse {
  listing: Listing;
}

/** `POST /admin/conversations/:id/messages`: a note from the site, shown to both parties as a system message. */
export interface PostSystemMessageRequest {
  text: string;
}

/** A site's settings as the server API reads and changes them (never its token secret). */
export interface SiteSettings {
  id: string;
  name: string;
  allowedOrigins: string[];
  /** Conversations open only about listings registered with `PUT /admin/listings/:id`. */
  verifiedListings: boolean;
  /** `mask`: phone numbers, email addresses and outside links are hidden before anyone receives them. */
  contactMasking: 'off' | 'mask';
  /** The site's page about trading safely, linked from warnings (https). */
  helpUrl: string | null;
  /** Where phone numbers written without a country code are read from (ISO 3166, `FR` by default). */
  phoneCountry: string;
  /** The page that opens a conversation from `?parley-conversation=<id>`: where email buttons lead. */
  inboxUrl: string | null;
  /** Seconds a message stays unread before it is emailed (null: the server's `PARLEY_EMAIL_DELAY`). */
  emailDelaySeconds: number | null;
  /** False: emails and desktop notifications say a message arrived, never what it says. */
  emailPreviews: boolean;
  /** Phrases (per warning code) and link shorteners the site adds to the shipped rules. */
  rules: { phrases?: Partial<Record<WarningCode, string[]>>; shorteners?: string[] };
}

/** `GET|PATCH /admin/site` → 200. */
export interface SiteResponse {
  site: SiteSettings;
}

/** `PATCH /admin/site`: the settings to change, the others kept. */
export type PatchSiteRequest = Partial<Omit<SiteSettings, 'id'>>;
