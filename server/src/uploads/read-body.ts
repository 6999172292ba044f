// Reads a request body as a stream, up to a byte limit, and stops reading the moment it is passed.
import { ParleyError } from '../errors.ts';

const tooLarge = (maxBytes: number) =>
  new ParleyError('payload_too_large', `The file is larger than ${Math.round(maxBytes / 1024 / 1024)} MB.`);

/**
 * The body's bytes, or `payload_too_large` as soon as more than `maxBytes` have arrived (or a
 * `Content-Length` announces more): memory stays bounded by `maxBytes` whatever the caller sends.
 */
export async function readLimitedBody(request: Request, maxBytes: number): Promise<Uint8Array> {
  const announced = Number(request.headers.get('content-length') ?? NaN);
  if (announced > maxBytes) throw tooLarge(maxBytes);
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined); // the refusal below is the answer either way
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}
