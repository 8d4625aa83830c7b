/**
 * White-label logos (DOMAIN.md): PNG or JPEG, at least 150×150 pixels, at most 1 MB. The type and
 * size are read from the file's own header, never from the name or the browser's claim.
 */
export const LOGO_MAX_BYTES = 1024 * 1024;
export const LOGO_MIN_PIXELS = 150;

export type LogoCheck = { ok: true; contentType: 'image/png' | 'image/jpeg'; width: number; height: number } | { ok: false; error: string };

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

export function checkLogo(bytes: Buffer): LogoCheck {
  if (bytes.length > LOGO_MAX_BYTES) return { ok: false, error: `The logo is ${Math.ceil(bytes.length / 1024)} KB; at most 1 MB is allowed.` };
  let image: { contentType: 'image/png' | 'image/jpeg'; width: number; height: number } | null = null;
  if (bytes.length >= 24 && bytes.subarray(0, 8).equals(PNG_SIGNATURE) && bytes.toString('latin1', 12, 16) === 'IHDR') {
    image = { contentType: 'image/png', width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
  } else if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8) {
    const size = jpegSize(bytes);
    if (size) image = { contentType: 'image/jpeg', ...size };
  }
  if (!image) return { ok: false, error: 'The logo must be a PNG or JPEG image.' };
  if (image.width < LOGO_MIN_PIXELS || image.height < LOGO_MIN_PIXELS) {
    return { ok: false, error: `The logo is ${image.width}×${image.height} pixels; it needs at least ${LOGO_MIN_PIXELS}×${LOGO_MIN_PIXELS}.` };
  }
  return { ok: true, ...image };
}
