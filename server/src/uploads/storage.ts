// Where photo bytes live: one small interface, a local directory by default, S3-compatible storage when configured.
import { mkdir, readFile, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';

/** A store of immutable objects under keys the uploads service chooses (`<site>/<upload id>/image`…). */
export interface BlobStorage {
  /** Stores `bytes` under `key` (replacing nothing: keys are never reused). */
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  /** The bytes under `key`, or null when there is no such object. */
  get(key: string): Promise<Uint8Array | null>;
  /** Removes the objects; a key that does not exist is not an error. */
  delete(keys: readonly string[]): Promise<void>;
}

/** Keys are made by the service from ids already validated; this refuses anything else before it reaches a path. */
export function checkKey(key: string): string {
  if (!/^[\w-]+(\/[\w-]+)*$/.test(key)) throw new Error(`not a storage key: ${JSON.stringify(key)}`);
  return key;
}

/** Objects as files under one directory (`<PARLEY_DATA_DIR>/uploads` by default): one process, or a shared disk. */
export class LocalStorage implements BlobStorage {
  readonly #root: string;

  constructor(root: string) {
    this.#root = resolve(root);
  }

  #path(key: string): string {
    const path = join(this.#root, ...checkKey(key).split('/'));
    if (!path.startsWith(this.#root + sep)) throw new Error('storage key outside the root');
    return path;
  }

  async put(key: string, bytes: Uint8Array): Promise<void> {
    const path = this.#path(key);
    await mkdir(dirname(path), { recursive: true });
    // Written aside then renamed: a reader never sees half a file.
    const partial = `${path}.partial`;
    await writeFile(partial, bytes);
    await rename(partial, path);
  }

  async get(key: string): Promise<Uint8Array | null> {
    try {
      return await readFile(this.#path(key));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  async delete(keys: readonly string[]): Promise<void> {
    const paths = keys.map((key) => this.#path(key));
    await Promise.all(paths.map((path) => rm(path, { force: true })));
    // An upload's folder goes with its last file; one still holding files (or already gone) stays as it is.
    await Promise.all(
      [...new Set(paths.map((path) => dirname(path)))].map((folder) =>
        rmdir(folder).catch((err: NodeJS.ErrnoException) => {
          if (err.code !== 'ENOTEMPTY' && err.code !== 'ENOENT' && err.code !== 'EEXIST') throw err;
        }),
      ),
    );
  }
}
