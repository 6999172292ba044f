// Photo bytes in S3-compatible object storage (AWS S3, MinIO, R2…), signed with aws4fetch: SigV4 over fetch, no SDK.
import { AwsClient } from 'aws4fetch';
import { type BlobStorage, checkKey } from './storage.ts';

/** Where the bucket is and how to sign for it (`PARLEY_S3_*`). */
export interface S3StorageOptions {
  /** The service's base URL, e.g. `https://s3.eu-west-3.amazonaws.com` or `http://127.0.0.1:9000`. */
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Prepended to every key, so that several deployments can share a bucket. */
  prefix?: string;
}

/**
 * Path-style requests (`<endpoint>/<bucket>/<key>`), which every S3-compatible service accepts.
 * aws4fetch rather than the AWS SDK: four requests are needed (PUT, GET, DELETE), and it signs
 * them in a few kilobytes on the platform's fetch, where the SDK brings megabytes of dependencies.
 */
export class S3Storage implements BlobStorage {
  readonly #client: AwsClient;
  readonly #base: string;
  readonly #prefix: string;

  constructor({ endpoint, bucket, region, accessKeyId, secretAccessKey, prefix = '' }: S3StorageOptions) {
    this.#client = new AwsClient({ accessKeyId, secretAccessKey, region, service: 's3' });
    this.#base = `${endpoint.replace(/\/+$/, '')}/${encodeURIComponent(bucket)}/`;
    this.#prefix = prefix;
  }

  #url(key: string): string {
    return this.#base + (this.#prefix + checkKey(key)).split('/').map(encodeURIComponent).join('/');
  }

  async put(key: string, bytes: Uint8Array, contentType: string): Promise<void> {
    const res = await this.#client.fetch(this.#url(key), {
      method: 'PUT',
      body: bytes as Uint8Array<ArrayBuffer>,
      headers: { 'content-type': contentType },
    });
    await expectOk(res, 'PUT', key);
  }

  async get(key: string): Promise<Uint8Array | null> {
    const res = await this.#client.fetch(this.#url(key));
    if (res.status === 404) {
      await res.body?.cancel();
      return null;
    }
    await expectOk(res, 'GET', key, true);
    return new Uint8Array(await res.arrayBuffer());
  }

  async delete(keys: readonly string[]): Promise<void> {
    // One DELETE per key: S3 answers 204 whether or not the object existed.
    await Promise.all(
      keys.map(async (key) => {
        const res = await this.#client.fetch(this.#url(key), { method: 'DELETE' });
        if (res.status !== 404) await expectOk(res, 'DELETE', key);
        else await res.body?.cancel();
      }),
    );
  }
}

async function expectOk(res: Response, method: string, key: string, keepBody = false): Promise<void> {
  if (res.ok) {
    if (!keepBody) await res.body?.cancel();
    return;
  }
  const detail = (await res.text()).slice(0, 300);
  throw new Error(`S3 ${method} ${key} answered ${res.status}: ${detail}`);
}
