// Where a process keeps photos and how it signs their URLs, from its configuration.
import { join } from 'node:path';
import type { ParleyConfig } from '../config.ts';
import { S3Storage } from './s3-storage.ts';
import { loadSecret } from './secret.ts';
import { type BlobStorage, LocalStorage } from './storage.ts';

/** What the uploads service needs from outside: storage, the URL-signing secret, and its bounds. */
export interface PhotoOptions {
  storage: BlobStorage;
  /** Signs photo URLs; every process of a deployment must share it. */
  secret: string;
  /** Photos processed at once by this process. */
  concurrency?: number;
  /** The clock of uploads and of their sweep (tests). */
  now?: () => number;
  /** How often unsent uploads are looked for (every 10 minutes by default). */
  sweepIntervalMs?: number;
}

/** S3-compatible storage when `PARLEY_S3_BUCKET` is set, `<dataDir>/uploads` otherwise; the secret from PARLEY_SECRET or `<dataDir>/secret`. */
export async function photoOptionsFromConfig(config: ParleyConfig): Promise<PhotoOptions> {
  const storage = config.s3 ? new S3Storage(config.s3) : new LocalStorage(join(config.dataDir, 'uploads'));
  return { storage, secret: await loadSecret(config.secret, config.dataDir), concurrency: config.uploadConcurrency };
}
