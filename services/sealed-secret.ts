/**
 * Secrets the portal must read back (a TOTP secret, a webhook's signing secret), stored
 * AES-256-GCM-encrypted under a key derived (HKDF) from the session secret, each bound to the row it
 * belongs to (`bound`, e.g. `user:7`): a dump of the database alone does not give them away, and a
 * sealed value copied to another row does not open. Changing the session secret makes them unreadable.
 */
import crypto from 'node:crypto';

export type SecretKey = Buffer;

/** The key for one purpose (`second-factor-secret/v1`, `webhook-secret/v1`), derived from the session secret. */
export function secretKeyFor(sessionSecret: string, purpose: string): SecretKey {
  return Buffer.from(crypto.hkdfSync('sha256', sessionSecret, 'channel-license-portal', purpose, 32));
}

export function seal(key: SecretKey, bound: string, secret: string): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(bound));
  const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
}

/** The secret, or null when it cannot be read with this key (another session secret, another row). */
export function unseal(key: SecretKey, bound: string, sealed: string): string | null {
  const [version, iv, tag, body] = sealed.split('.');
  if (version !== 'v1' || !iv || !tag || body === undefined) return null;
  try {
    const decipher = crypto.createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(bound));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}
