// Photos in the browser: scaled down before they cross the network (no DOM elements: bitmaps and an offscreen canvas).
import { LIMITS } from '../../../protocol/index.ts';
import { ParleyClientError } from './rest.ts';

/** A photo ready to upload: re-encoded as JPEG at most `LIMITS.photoMaxSide` px on its long side. */
export interface PhotoDraft {
  blob: Blob;
  width: number;
  height: number;
}

/**
 * Decodes `file` (orientation applied) and encodes it again at most 2048 px on its long side, so a
 * 12 MB phone photo leaves the device as a few hundred kB, and without its EXIF (the server strips
 * it again anyway). Rejects `unsupported_media_type` when the browser cannot decode it as an image.
 */
export async function downscale(file: Blob): Promise<PhotoDraft> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  } catch {
    throw new ParleyClientError({ code: 'unsupported_media_type', message: 'This file is not an image.' });
  }
  const scale = Math.min(1, LIMITS.photoMaxSide / Math.max(bitmap.width, bitmap.height));
  const width = Math.max(1, Math.round(bitmap.width * scale));
  const height = Math.max(1, Math.round(bitmap.height * scale));
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d')!;
  context.fillStyle = '#fff'; // JPEG has no transparency: transparent pixels become white, not black
  context.fillRect(0, 0, width, height);
  context.drawImage(bitmap, 0, 0, width, height);
  bitmap.close();
  return { blob: await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.85 }), width, height };
}

const objectUrls = new WeakMap<Blob, string>();

/** An object URL for a queued photo's blob, one per blob for the life of the page (the row re-renders often). */
export function blobUrl(blob: Blob): string {
  let url = objectUrls.get(blob);
  if (!url) objectUrls.set(blob, (url = URL.createObjectURL(blob)));
  return url;
}
