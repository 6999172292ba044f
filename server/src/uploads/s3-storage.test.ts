// The S3 driver against a real S3-compatible server (s3rver) on a free port: signed PUT, GET, DELETE.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import S3rver from 's3rver';
import { S3Storage } from './s3-storage.ts';

describe('S3Storage', () => {
  let server: S3rver;
  let directory: string;
  let endpoint: string;
  const options = () => ({ endpoint, bucket: 'photos', region: 'us-east-1', accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' });

  before(async () => {
    directory = await mkdtemp(join(tmpdir(), 'parley-s3-'));
    server = new S3rver({
      port: 0,
      address: '127.0.0.1',
      silent: true,
      directory,
      configureBuckets: [{ name: 'photos', configs: [] }],
    });
    const address = (await server.run()) as AddressInfo;
    endpoint = `http://127.0.0.1:${address.port}`;
  });
  after(async () => {
    await server.close();
    await rm(directory, { recursive: true, force: true });
  });

  it('should store, read back and delete an object', async () => {
    const storage = new S3Storage({ ...options(), prefix: 'test/' });
    const bytes = new Uint8Array([0xff, 0xd8, 0xff, 1, 2, 3, 0, 255]);
    await storage.put('market/u1/image', bytes, 'image/jpeg');
    assert.deepEqual(await storage.get('market/u1/image'), bytes);
    await storage.delete(['market/u1/image', 'market/never/image']);
    assert.equal(await storage.get('market/u1/image'), null);
  });

  it('should answer null for a missing object', async () => {
    assert.equal(await new S3Storage(options()).get('market/none/thumb'), null);
  });

  it('should fail loudly when the service refuses the credentials', async () => {
    const storage = new S3Storage({ ...options(), accessKeyId: 'NOBODY' });
    await assert.rejects(storage.put('market/u2/image', new Uint8Array([1]), 'image/jpeg'), /answered 403/);
  });

  it('should refuse a key that could leave its folder', async () => {
    await assert.rejects(new S3Storage(options()).get('market/../etc/passwd'), /not a storage key/);
  });
});
