// Turns untrusted bytes into a clean photo: type from the bytes, decoded by sharp under a pixel limit, re-encoded without metadata.
import sharp, { type Metadata, type Sharp } from 'sharp';
import { LIMITS } from '../../../protocol/index.ts';
import { ParleyError } from '../errors.ts';

/** The formats accepted on input, by what their first bytes say. */
export type InputFormat = 'jpeg' | 'png' | 'webp' | 'gif';

/** The stored encodings: JPEG, or WebP for images with transparency. */
export type StoredFormat = 'jpeg' | 'webp';

/** One encoded image. */
export interface EncodedImage {
  bytes: Buffer;
  width: number;
  height: number;
}

/** What processing gives: the full image (≤ 2048 px), its thumbnail (≤ 480 px) and their format. */
export interface ProcessedPhoto {
  format: StoredFormat;
  image: EncodedImage;
  thumb: EncodedImage;
}

/** The Content-Type each stored format is served with, and nothing else. */
export const CONTENT_TYPES: Record<StoredFormat, string> = { jpeg: 'image/jpeg', webp: 'image/webp' };

/** The format the leading bytes announce, or null. */
export function sniffFormat(bytes: Uint8Array): InputFormat | null {
  const ascii = (from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (bytes.length >= 8 && ascii(0, 8) === '\x89PNG\r\n\x1a\n') return 'png';
  if (bytes.length >= 6 && (ascii(0, 6) === 'GIF87a' || ascii(0, 6) === 'GIF89a')) return 'gif';
  if (bytes.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'webp';
  return null;
}

const unsupported = () =>
  new ParleyError(
    'unsupported_media_type',
    'Only JPEG, PNG, WebP and GIF images are accepted, and this is not one that can be read.',
  );

/**
 * Decodes `bytes` and re-encodes them. The type must be announced by the leading bytes and
 * confirmed by sharp's decoder; a file that fails to decode entirely (truncated, a polyglot with an
 * image's header) is refused `unsupported_media_type`, one with more than `LIMITS.uploadMaxPixels`
 * pixels `payload_too_large` before its pixels are decoded. The orientation is applied, then every
 * piece of metadata dropped (sharp writes none unless asked to): EXIF, GPS, XMP, ICC, comments.
 * The work runs on libvips's threads, not on the event loop.
 */
export async function processPhoto(bytes: Uint8Array): Promise<ProcessedPhoto> {
  const announced = sniffFormat(bytes);
  if (!announced) throw unsupported();
  // failOn 'error': a truncated or corrupt file fails instead of decoding to a grey remainder.
  const input = sharp(bytes, { limitInputPixels: LIMITS.uploadMaxPixels, failOn: 'error', animated: false });
  let meta: Metadata;
  try {
    meta = await input.metadata();
  } catch (err) {
    throw tooManyPixels(err) ?? unsupported();
  }
  if (meta.format !== announced || !meta.width || !meta.height) throw unsupported();
  const frameHeight = meta.pageHeight ?? meta.height;
  if (meta.width * frameHeight > LIMITS.uploadMaxPixels) throw tooManyPixels();
  const format: StoredFormat = meta.hasAlpha ? 'webp' : 'jpeg';
  try {
    // Decoded once (bounded by the pixel limit), oriented and scaled to at most 2048 px as raw
    // pixels; both sizes are encoded from those, so the thumbnail does not decode the input again.
    const { data, info } = await input
      .rotate()
      .resize({ width: LIMITS.photoMaxSide, height: LIMITS.photoMaxSide, fit: 'inside', withoutEnlargement: true })
      .raw()
      .toBuffer({ resolveWithObject: true });
    const pixels = () => sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } });
    const [image, thumb] = await Promise.all([
      encode(pixels(), LIMITS.photoMaxSide, format, 82),
      encode(pixels(), LIMITS.thumbMaxSide, format, 75),
    ]);
    return { format, image, thumb };
  } catch (err) {
    throw tooManyPixels(err) ?? unsupported();
  }
}

/** `payload_too_large` for an image past the pixel limit (sharp's own refusal when `err` is given), else null. */
function tooManyPixels(err?: unknown): ParleyError | null {
  if (err !== undefined && !(err instanceof Error && /pixel limit/i.test(err.message))) return null;
  return new ParleyError('payload_too_large', `The image has more than ${LIMITS.uploadMaxPixels / 1_000_000} million pixels.`);
}

async function encode(pipeline: Sharp, side: number, format: StoredFormat, quality: number): Promise<EncodedImage> {
  const resized = pipeline.resize({ width: side, height: side, fit: 'inside', withoutEnlargement: true });
  const encoded = format === 'jpeg' ? resized.jpeg({ quality, mozjpeg: false }) : resized.webp({ quality });
  const { data, info } = await encoded.toBuffer({ resolveWithObject: true });
  return { bytes: data, width: info.width, height: info.height };
}

/** At most `limit` photos processed at once; a request that would wait behind too many others is refused. */
export class ProcessingGate {
  readonly #limit: number;
  readonly #maxWaiting: number;
  readonly #waiting: Array<() => void> = [];
  #running = 0;

  constructor(limit: number, maxWaiting = limit * 8) {
    this.#limit = Math.max(1, limit);
    this.#maxWaiting = maxWaiting;
  }

  /** Runs `work` when a slot is free; throws `unavailable` (retry shortly) when the queue is full. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.#running >= this.#limit) {
      if (this.#waiting.length >= this.#maxWaiting) {
        throw new ParleyError('unavailable', 'Too many photos are being processed, try again shortly.', { retryAfterMs: 2000 });
      }
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    } else {
      this.#running++;
    }
    try {
      return await work();
    } finally {
      const next = this.#waiting.shift();
      if (next) next();
      else this.#running--;
    }
  }
}
