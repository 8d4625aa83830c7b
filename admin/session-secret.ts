import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

/** SESSION_SECRET, or one generated on first start and kept in DATA_DIR so sessions survive restarts. */
export async function sessionSecret(configured: string | null, dataDir: string): Promise<string> {
  if (configured) return configured;
  const file = path.join(dataDir, 'session-secret');
  try {
    return (await fs.readFile(file, 'utf8')).trim();
  } catch {
    await fs.mkdir(dataDir, { recursive: true });
    const secret = crypto.randomBytes(48).toString('base64url');
    await fs.writeFile(file, secret, { mode: 0o600, flag: 'wx' }).catch(async () => undefined);
    return (await fs.readFile(file, 'utf8')).trim();
  }
}
