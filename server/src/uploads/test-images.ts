// Images for the photo tests: a phone-like JPEG with GPS EXIF, a decompression bomb, and files that only pretend to be images.
import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';

/**
 * A JPEG of `width`×`height` carrying EXIF with a GPS position and a camera serial, as phones write
 * them. With `texture`, blurred noise makes it weigh what a phone photo does (about 3 MB at 4000×3000).
 */
export async function jpegWithGps(width = 1200, height = 900, { texture = false } = {}): Promise<Buffer> {
  const noise = texture ? { noise: { type: 'gaussian' as const, mean: 120, sigma: 60 } } : {};
  const pixels = sharp({ create: { width, height, channels: 3, background: '#7a5230', ...noise } });
  const raw = await (texture ? pixels.blur(1.5) : pixels).raw().toBuffer();
  return sharp(raw, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 90 })
    .withExif({
      IFD0: { Make: 'PhoneMaker', Model: 'Phone 12', Copyright: 'serial 123456' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 51/1 2964/100', GPSLongitudeRef: 'E', GPSLongitude: '2/1 17/1 4032/100' },
    })
    .toBuffer();
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/**
 * A valid PNG of 8000×8000 one-bit pixels (64 million, past the 50 million limit) in about 8 KB: it
 * decodes correctly, so only the pixel limit stands between it and 64 MB of decoded memory.
 */
export function pngBomb(side = 8000): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(side, 0);
  header.writeUInt32BE(side, 4);
  header[8] = 1; // bit depth
  header[9] = 0; // greyscale
  const rows = Buffer.alloc(side * (1 + side / 8)); // each row: filter byte 0, then zeros
  return Buffer.concat([
    Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(rows, { level: 9 })),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Files that must be refused whatever their name or Content-Type says. */
export async function notImages(): Promise<Record<string, Buffer>> {
  const jpeg = await jpegWithGps(64, 48);
  return {
    html: Buffer.from('<!doctype html><html><body><script>alert(document.cookie)</script></body></html>'),
    svg: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>'),
    // An image's signature followed by HTML: a browser sniffing it could run the script.
    polyglot: Buffer.concat([Buffer.from('GIF89a', 'latin1'), Buffer.from('<html><script>alert(1)</script></html>')]),
    truncated: jpeg.subarray(0, Math.floor(jpeg.length / 2)),
  };
}
