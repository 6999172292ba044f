// Photo use cases: upload and clean, serve to members, remove with their message, sweep the unsent, export and erase per user.
import { randomUUID } from 'node:crypto';
import { LIMITS, type Upload } from '../../../protocol/index.ts';
import type { Caller } from '../caller.ts';
import type { Logger } from '../logger.ts';
import { CONTENT_TYPES, type ProcessedPhoto, processPhoto, ProcessingGate } from './image-processing.ts';
import type { UploadsRepository } from './uploads.repository.ts';
import type { PhotoVariant, UrlSigner } from './signed-urls.ts';
import type { BlobStorage } from './storage.ts';

export interface UploadsServiceOptions {
  repository: UploadsRepository;
  storage: BlobStorage;
  signer: UrlSigner;
  logger: Logger;
  /** Photos processed at once by this process (`PARLEY_UPLOAD_CONCURRENCY`). */
  concurrency?: number;
  /** The clock of the sweep and of `created_at` (replaced in tests). */
  now?: () => number;
}

/** A photo to serve: its bytes and the one Content-Type it may be served with. */
export interface PhotoFile {
  bytes: Uint8Array;
  contentType: string;
}

/** One upload in a user's export. */
export interface UploadRecord {
  id: string;
  /** Null while unsent. */
  messageId: string | null;
  conversationId: string | null;
  width: number;
  height: number;
  bytes: number;
  createdAt: string;
}

/** Uploads, their files and their lifecycle. */
export class UploadsService {
  readonly #repo: UploadsRepository;
  readonly #storage: BlobStorage;
  readonly #signer: UrlSigner;
  readonly #logger: Logger;
  readonly #gate: ProcessingGate;
  readonly #now: () => number;

  constructor({ repository, storage, signer, logger, concurrency = 2, now = Date.now }: UploadsServiceOptions) {
    this.#repo = repository;
    this.#storage = storage;
    this.#signer = signer;
    this.#logger = logger;
    this.#gate = new ProcessingGate(concurrency);
    this.#now = now;
  }

  /**
   * Cleans and stores a photo for `caller` (see {@link processPhoto}); it stays theirs, unsent,
   * until a message names it, and is removed after `LIMITS.uploadUnsentTtlMs` otherwise.
   */
  async upload(caller: Caller, bytes: Uint8Array): Promise<Upload> {
    const photo: ProcessedPhoto = await this.#gate.run(() => processPhoto(bytes));
    const id = randomUUID();
    const keys = { image_key: `${id}/image`, thumb_key: `${id}/thumb` };
    const contentType = CONTENT_TYPES[photo.format];
    await Promise.all([
      this.#storage.put(keys.image_key, photo.image.bytes, contentType),
      this.#storage.put(keys.thumb_key, photo.thumb.bytes, contentType),
    ]);
    try {
      await this.#repo.insert(
        {
          id,
          site_id: caller.siteId,
          owner_id: caller.userId,
          format: photo.format,
          width: photo.image.width,
          height: photo.image.height,
          bytes: photo.image.bytes.length,
          thumb_bytes: photo.thumb.bytes.length,
          ...keys,
        },
        new Date(this.#now()),
      );
    } catch (err) {
      this.#removeObjects([keys]);
      throw err;
    }
    return { id, width: photo.image.width, height: photo.image.height, bytes: photo.image.bytes.length };
  }

  /**
   * The file a signed URL names, when its signature holds, it has not expired, and the member it
   * was signed for may still see the photo (still in the conversation, the message not deleted).
   */
  async open(uploadId: string, variant: PhotoVariant, query: URLSearchParams): Promise<PhotoFile | null> {
    const access = this.#signer.verify(uploadId, variant, query);
    if (!access) return null;
    const row = await this.#repo.findVisible(uploadId, access.siteId, access.viewerId);
    if (!row) return null;
    const bytes = await this.#storage.get(variant === 'image' ? row.image_key : row.thumb_key);
    return bytes ? { bytes, contentType: CONTENT_TYPES[row.format] } : null;
  }

  /** `value` with its messages' photo URLs signed for `viewer` (see {@link UrlSigner.signAttachments}). */
  signFor<T>(value: T, viewer: Caller): T {
    return this.#signer.signAttachments(value, viewer);
  }

  /** Removes the photos of a deleted message (the tombstone already names none). */
  async removeForMessage(messageId: string): Promise<void> {
    await this.#deleteObjects(await this.#repo.removeForMessage(messageId));
  }

  /**
   * Removes uploads never sent within `LIMITS.uploadUnsentTtlMs` and any left by a deleted message
   * (a crash between a deletion and its cleanup), in rounds of 500; returns how many.
   */
  async sweep(): Promise<number> {
    const cutoff = new Date(this.#now() - LIMITS.uploadUnsentTtlMs);
    let removed = 0;
    for (;;) {
      const keys = await this.#repo.removeStale(cutoff, 500);
      await this.#deleteObjects(keys);
      removed += keys.length;
      if (keys.length < 500) return removed;
    }
  }

  /** Runs {@link sweep} every `intervalMs` (unref'd: it never keeps the process alive); returns the stop function. */
  startSweeping(intervalMs: number): () => void {
    const timer = setInterval(() => {
      this.sweep().catch((err: unknown) => this.#logger.warn({ err: String(err) }, 'upload sweep failed'));
    }, intervalMs);
    timer.unref();
    return () => clearInterval(timer);
  }

  /** Every photo `user` uploaded, for their data export. */
  async exportForUser(user: Caller): Promise<UploadRecord[]> {
    const rows = await this.#repo.listByOwner(user.siteId, user.userId);
    return rows.map((r) => ({
      id: r.id,
      messageId: r.message_id,
      conversationId: r.conversation_id,
      width: r.width,
      height: r.height,
      bytes: r.bytes,
      createdAt: r.created_at.toISOString(),
    }));
  }

  /** The bytes of one of `user`'s photos, for their data export; null when it is not theirs. */
  async exportFile(user: Caller, uploadId: string): Promise<PhotoFile | null> {
    const row = (await this.#repo.listByOwner(user.siteId, user.userId)).find((r) => r.id === uploadId);
    if (!row) return null;
    const bytes = await this.#storage.get(row.image_key);
    return bytes ? { bytes, contentType: CONTENT_TYPES[row.format] } : null;
  }

  /** Erases every photo `user` uploaded: rows, files, and the photos shown in their messages. Returns how many. */
  async eraseForUser(user: Caller): Promise<number> {
    const keys = await this.#repo.removeByOwner(user.siteId, user.userId);
    await this.#deleteObjects(keys);
    return keys.length;
  }

  async #deleteObjects(keys: Array<{ image_key: string; thumb_key: string }>): Promise<void> {
    if (keys.length) await this.#storage.delete(keys.flatMap((k) => [k.image_key, k.thumb_key]));
  }

  /** Deletes files in the background; a failure is logged (the row is gone: nothing serves them any more). */
  #removeObjects(keys: Array<{ image_key: string; thumb_key: string }>): void {
    this.#deleteObjects(keys).catch((err: unknown) => this.#logger.warn({ err: String(err) }, 'removing photo files failed'));
  }
}
