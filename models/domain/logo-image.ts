/**
 * White-label logos (DOMAIN.md): PNG or JPEG, at least 150×150 pixels, at most 1 MB. The type and
 * size are read from the file's own header, never from the name or the browser's claim. At most
 * 2048×2048 pixels, and a PNG's pixel data must decode to exactly what its header promises: the
 * statement PDF decodes a PNG with transparency, and a corrupt or oversized one threw outside any
 * request (an uncaught exception that ended the process) whenever a statement was rendered.
 */
import zlib from 'node:zlib';
import { msg, type Message } from '../../templates/messages.ts';
import type { PngProblem } from '../../templates/messages-en.ts';

export const LOGO_MAX_BYTES = 1024 * 1024;
export const LOGO_MIN_PIXELS = 150;
export const LOGO_MAX_PIXELS = 2048;

export type LogoCheck = { ok: true; contentType: 'image/png' | 'image/jpeg'; width: number; height: number } | { ok: false; error: Message };

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function jpegSize(bytes: Buffer): { width: number; height: number } | null {
  let offset = 2;
  while (offset + 9 < bytes.length) {
    if (bytes[offset] !== 0xff) return null;
    const marker = bytes[offset + 1];
    const length = bytes.readUInt16BE(offset + 2);
    // SOF0–SOF15 carry the frame size; C4 (Huffman), C8 (reserved) and CC (arithmetic) do not.
    if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) {
      return { height: bytes.readUInt16BE(offset + 5), width: bytes.readUInt16BE(offset + 7) };
    }
    offset += 2 + length;
  }
  return null;
}

/** Channels per colour type, and the bit depths each allows (PNG specification, table 11.1). */
const PNG_COLOUR_TYPES: Record<number, { channels: number; depths: number[] }> = {
  0: { channels: 1, depths: [1, 2, 4, 8, 16] }, 2: { channels: 3, depths: [8, 16] }, 3: { channels: 1, depths: [1, 2, 4, 8] },
  4: { channels: 2, depths: [8, 16] }, 6: { channels: 4, depths: [8, 16] },
};
/** Adam7 passes: first column and row, column and row steps. */
const ADAM7 = [[0, 0, 8, 8], [4, 0, 8, 8], [0, 4, 4, 8], [2, 0, 4, 4], [0, 2, 2, 4], [1, 0, 2, 2], [0, 1, 1, 2]];

/** Why a PNG's chunks or pixel data cannot be decoded, or null. */
function pngProblem(bytes: Buffer, width: number, height: number): PngProblem | null {
  const chunks = new Map<string, Buffer[]>();
  let offset = 8;
  while (offset + 12 <= bytes.length) {
    const length = bytes.readUInt32BE(offset);
    const type = bytes.toString('latin1', offset + 4, offset + 8);
    if (offset + 12 + length > bytes.length) return 'cutOff';
    chunks.set(type, [...chunks.get(type) ?? [], bytes.subarray(offset + 8, offset + 8 + length)]);
    offset += 12 + length;
    if (type === 'IEND') break;
  }
  const header = chunks.get('IHDR')?.[0];
  if (!header || header.length !== 13 || !chunks.has('IDAT') || !chunks.has('IEND')) return 'incomplete';
  const [depth, colourType, compression, filter, interlace] = [header[8], header[9], header[10], header[11], header[12]];
  const colour = PNG_COLOUR_TYPES[colourType];
  if (!colour || !colour.depths.includes(depth) || compression !== 0 || filter !== 0 || interlace > 1) return 'header';
  if (colourType === 3 && !chunks.has('PLTE')) return 'palette';
  const rows = (interlace ? ADAM7 : [[0, 0, 1, 1]]).flatMap(([x0, y0, dx, dy]) => {
    const w = Math.ceil((width - x0) / dx);
    const h = Math.ceil((height - y0) / dy);
    return w > 0 && h > 0 ? Array.from({ length: h }, () => 1 + Math.ceil((w * colour.channels * depth) / 8)) : [];
  });
  const expected = rows.reduce((sum, n) => sum + n, 0);
  let pixels: Buffer;
  try {
    pixels = zlib.inflateSync(Buffer.concat(chunks.get('IDAT')!), { maxOutputLength: expected + 1 });
  } catch {
    return 'undecodable';
  }
  if (pixels.length !== expected) return 'size';
  let row = 0;
  for (const length of rows) {
    if (pixels[row] > 4) return 'undecodable';
    row += length;
  }
  return null;
}

export function checkLogo(bytes: Buffer): LogoCheck {
  if (bytes.length > LOGO_MAX_BYTES) return { ok: false, error: msg('logoTooLarge', { kilobytes: Math.ceil(bytes.length / 1024) }) };
  let image: { contentType: 'image/png' | 'image/jpeg'; width: number; height: number } | null = null;
  if (bytes.length >= 24 && bytes.subarray(0, 8).equals(PNG_SIGNATURE) && bytes.toString('latin1', 12, 16) === 'IHDR') {
    image = { contentType: 'image/png', width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
  } else if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8) {
    const size = jpegSize(bytes);
    if (size) image = { contentType: 'image/jpeg', ...size };
  }
  if (!image) return { ok: false, error: msg('logoNotImage') };
  if (image.width < LOGO_MIN_PIXELS || image.height < LOGO_MIN_PIXELS) {
    return { ok: false, error: msg('logoTooSmall', { width: image.width, height: image.height, min: LOGO_MIN_PIXELS }) };
  }
  if (image.width > LOGO_MAX_PIXELS || image.height > LOGO_MAX_PIXELS) {
    return { ok: false, error: msg('logoTooBig', { width: image.width, height: image.height, max: LOGO_MAX_PIXELS }) };
  }
  const problem = image.contentType === 'image/png' ? pngProblem(bytes, image.width, image.height) : null;
  if (problem) return { ok: false, error: msg('logoUnreadable', { problem }) };
  return { ok: true, ...image };
}
