import zlib from 'node:zlib';

function crc32(bytes: Buffer): number {
  let crc = ~0;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/**
 * A real, decodable grey PNG of the given size (RGB, or RGBA with `alpha`), for upload tests;
 * `idat` replaces its pixel data (to forge a broken one).
 */
export function png(width: number, height: number, options: { alpha?: boolean; idat?: Buffer } = {}): Buffer {
  const channels = options.alpha ? 4 : 3;
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = options.alpha ? 6 : 2; // RGBA or RGB
  const row = () => Buffer.concat([Buffer.from([0]), Buffer.alloc(width * channels, 0x80)]);
  const pixels = options.idat ?? zlib.deflateSync(Buffer.concat(Array.from({ length: height }, row)));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', pixels), chunk('IEND', Buffer.alloc(0))]);
}

/** A PNG whose header claims `width`×`height` while its pixel data is that of a 200×200 image. */
export function pngClaiming(width: number, height: number, options: { alpha?: boolean } = {}): Buffer {
  const real = png(200, 200, options);
  const forged = Buffer.from(real);
  forged.writeUInt32BE(width, 16);
  forged.writeUInt32BE(height, 20);
  return forged;
}
