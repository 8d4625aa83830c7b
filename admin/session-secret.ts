import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * SESSION_SECRET, or one generated on first start and kept in DATA_DIR so sessions survive restarts
 * and every panel process on that DATA_DIR signs with the same secret. Written to a temporary file
 * and linked into place, so a panel starting at the same moment never reads a half-written file:
 * it finds none (and links its own, of which one wins) or the whole one.
 */
export async function sessionSecret(configured: string | null, dataDir: string): Promise<string> {
  if (configured) return configured;
  const file = path.join(dataDir, 'session-secret');
  const read = async () => (await fs.readFile(file, 'utf8')).trim();
  try {
    return await read();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await fs.mkdir(dataDir, { recursive: true });
  const secret = crypto.randomBytes(48).toString('base64url');
  const draft = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}`;
  const taken = (error: NodeJS.ErrnoException) => { if (error.code !== 'EEXIST') throw error; };
  await fs.writeFile(draft, secret, { mode: 0o600, flag: 'wx' });
  try {
    await fs.link(draft, file).catch(async (error: NodeJS.ErrnoException) => {
      if (error.code === 'EEXIST') return;
      // A file system without hard links: written in place (exclusive create) instead.
      await fs.writeFile(file, secret, { mode: 0o600, flag: 'wx' }).catch(taken);
    });
  } finally {
    await fs.rm(draft, { force: true });
  }
  return read();
}
