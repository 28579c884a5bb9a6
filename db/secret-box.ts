/**
 * Secrets at rest (platform tokens in the database): AES-256-GCM from node:crypto in a
 * versioned text envelope, `enc:v1:<key id>:<base64url of iv ‖ tag ‖ ciphertext>`.
 *
 * - The key id (first 8 hex digits of a SHA-256 of the key) names which key sealed a value,
 *   so after a rotation values sealed with a former key (`SECRETS_KEY_PREVIOUS`) still open
 *   and `npm run admin -- secrets-rotate` re-seals them with the current one.
 * - Each value is bound to where it lives (the `context`, e.g. `channel_tokens:zalo-oa:access`)
 *   as additional authenticated data: a sealed value copied into another row or column fails.
 * - A value without the `enc:` prefix is a row written before encryption existed (or with no
 *   key): it is returned as it is, and sealed on the next write.
 * Trade-off: no key means no encryption (a warning at start-up) rather than refusing to run,
 * so existing installations keep working until the office sets a key.
 * Pure apart from random IVs; no I/O.
 */
import crypto from 'node:crypto';

const PREFIX = 'enc:v1:';

export class SecretBoxError extends Error {
  override name = 'SecretBoxError';
}

export interface SecretBox {
  /** Whether values are encrypted when sealed (a current key is configured). */
  readonly encrypts: boolean;
  seal(plain: string, context: string): string;
  open(stored: string, context: string): string;
  /** Whether a stored value is already sealed with the current key (nothing to rotate). */
  isCurrent(stored: string): boolean;
}

export function keyId(key: Buffer): string {
  return crypto.createHash('sha256').update('thidua-bot secrets key id\0').update(key).digest('hex').slice(0, 8);
}

export function isSealed(stored: string): boolean {
  return stored.startsWith(PREFIX);
}

export function createSecretBox(keys: { key?: Buffer; previous?: Buffer[] }): SecretBox {
  const all = new Map<string, Buffer>();
  for (const k of [...(keys.key ? [keys.key] : []), ...(keys.previous ?? [])]) {
    if (k.length !== 32) throw new SecretBoxError('a secrets key must be 32 bytes');
    if (!all.has(keyId(k))) all.set(keyId(k), k);
  }
  const currentId = keys.key ? keyId(keys.key) : undefined;
  return {
    encrypts: currentId !== undefined,
    seal(plain, context) {
      if (!keys.key || !currentId) return plain;
      const iv = crypto.randomBytes(12);
      const cipher = crypto.createCipheriv('aes-256-gcm', keys.key, iv);
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return `${PREFIX}${currentId}:${Buffer.concat([iv, cipher.getAuthTag(), ct]).toString('base64url')}`;
    },
    open(stored, context) {
      if (!isSealed(stored)) return stored;
      const rest = stored.slice(PREFIX.length);
      const colon = rest.indexOf(':');
      const id = rest.slice(0, colon);
      const key = all.get(id);
      if (colon < 0 || !key) {
        throw new SecretBoxError(
          `a stored secret is sealed with key ${id || '?'}, which is neither SECRETS_KEY nor in SECRETS_KEY_PREVIOUS`,
        );
      }
      const raw = Buffer.from(rest.slice(colon + 1), 'base64url');
      if (raw.length < 28) throw new SecretBoxError('a stored secret is truncated');
      try {
        const decipher = crypto.createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
        decipher.setAAD(Buffer.from(context, 'utf8'));
        decipher.setAuthTag(raw.subarray(12, 28));
        return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
      } catch {
        throw new SecretBoxError(`a stored secret (${context}) does not authenticate with key ${id}: altered or moved`);
      }
    },
    isCurrent(stored) {
      return currentId === undefined ? !isSealed(stored) : stored.startsWith(`${PREFIX}${currentId}:`);
    },
  };
}

/** No key: values pass through unchanged (plain rows stay readable). */
export const PLAIN_BOX: SecretBox = createSecretBox({});
