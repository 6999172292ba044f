// SQL for uploads: store one, find one a viewer may see, and remove the unsent, the deleted and one user's.
import type { Sql } from '../db/sql.ts';
import type { StoredFormat } from './image-processing.ts';

/** An upload row as stored. */
export interface UploadRow {
  id: string;
  site_id: string;
  owner_id: string;
  message_id: string | null;
  format: StoredFormat;
  width: number;
  height: number;
  bytes: number;
  thumb_bytes: number;
  image_key: string;
  thumb_key: string;
  created_at: Date;
}

/** The storage keys of removed uploads, for the objects to be removed next. */
type Keys = Array<{ image_key: string; thumb_key: string }>;

/** Upload persistence. */
export class UploadsRepository {
  readonly #sql: Sql;

  constructor(sql: Sql) {
    this.#sql = sql;
  }

  async insert(row: Omit<UploadRow, 'message_id' | 'created_at'>, createdAt: Date): Promise<void> {
    await this.#sql`INSERT INTO uploads ${this.#sql({ ...row, created_at: createdAt })}`;
  }

  /**
   * The upload when `viewerId` may see it now: it belongs to a message that is not deleted, in a
   * conversation of `siteId` where the viewer is a member. Null otherwise (unsent, deleted, or not theirs).
   */
  async findVisible(uploadId: string, siteId: string, viewerId: string): Promise<UploadRow | null> {
    const [row] = await this.#sql<UploadRow[]>`
      SELECT u.* FROM uploads u
      JOIN messages m ON m.id = u.message_id AND m.deleted_at IS NULL
      JOIN members mb ON mb.conversation_id = m.conversation_id AND mb.user_id = ${viewerId} AND mb.site_id = ${siteId}
      WHERE u.id = ${uploadId} AND u.site_id = ${siteId}`;
    return row ?? null;
  }

  /** Removes the uploads of a message (deleted: its tombstone no longer names them). */
  removeForMessage(messageId: string): Promise<Keys> {
    return this.#sql<Keys>`DELETE FROM uploads WHERE message_id = ${messageId} RETURNING image_key, thumb_key`;
  }

  /** Removes uploads never sent and created before `cutoff`, and any left behind by a deleted message. */
  removeStale(cutoff: Date, limit: number): Promise<Keys> {
    return this.#sql<Keys>`
      DELETE FROM uploads WHERE id IN (
        SELECT id FROM uploads WHERE message_id IS NULL AND created_at < ${cutoff}
        UNION ALL
        SELECT u.id FROM uploads u JOIN messages m ON m.id = u.message_id WHERE m.deleted_at IS NOT NULL
        LIMIT ${limit})
      RETURNING image_key, thumb_key`;
  }

  /** Every upload of one user, oldest first, with the conversation of those sent. */
  listByOwner(siteId: string, ownerId: string): Promise<Array<UploadRow & { conversation_id: string | null }>> {
    return this.#sql<Array<UploadRow & { conversation_id: string | null }>>`
      SELECT u.*, m.conversation_id FROM uploads u LEFT JOIN messages m ON m.id = u.message_id
      WHERE u.site_id = ${siteId} AND u.owner_id = ${ownerId} ORDER BY u.created_at, u.id`;
  }

  /** Removes every upload of one user, and the photos from the messages that carried them, in one transaction. */
  async removeByOwner(siteId: string, ownerId: string): Promise<Keys> {
    return this.#sql.begin(async (tx) => {
      const rows = await tx<Array<{ image_key: string; thumb_key: string; message_id: string | null }>>`
        DELETE FROM uploads WHERE site_id = ${siteId} AND owner_id = ${ownerId} RETURNING image_key, thumb_key, message_id`;
      const messageIds = [...new Set(rows.flatMap((r) => (r.message_id ? [r.message_id] : [])))];
      if (messageIds.length) await tx`UPDATE messages SET attachments = '[]' WHERE id = ANY(${messageIds}::text[])`;
      return rows;
    }) as Promise<Keys>;
  }
}
