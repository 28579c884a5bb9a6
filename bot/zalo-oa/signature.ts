/**
 * The Zalo OA webhook signature (spec §2.4, partly [UNVERIFIED]):
 *
 *   X-ZEvent-Signature: mac=<hex(sha256(id + rawBody + timestamp + oaSecretKey))>
 *
 * plain SHA-256 (not HMAC) over the exact request bytes; `timestamp` is the `timestamp` field
 * of the JSON body; `id` is the app id (most sources) or the OA id (a minority), hence the
 * `signatureId` setting. The header is accepted with or without the `mac=` prefix.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

export const OA_SIGNATURE_HEADER = 'x-zevent-signature';

export function oaSignature(id: string, rawBody: Uint8Array | string, timestamp: string, secretKey: string): string {
  return createHash('sha256')
    .update(id, 'utf8')
    .update(rawBody)
    .update(timestamp, 'utf8')
    .update(secretKey, 'utf8')
    .digest('hex');
}

/** The hex digest a header carries ('' when it is not a 64-digit hex string). */
export function signatureFromHeader(header: string | string[] | undefined): string {
  const v = Array.isArray(header) ? header[0] : header;
  if (!v) return '';
  const hex = v.trim().replace(/^mac=/i, '').trim().toLowerCase();
  return /^[0-9a-f]{64}$/.test(hex) ? hex : '';
}

export function verifyOaSignature(
  header: string | string[] | undefined,
  rawBody: Uint8Array,
  timestamp: string,
  id: string,
  secretKey: string,
): boolean {
  const got = signatureFromHeader(header);
  if (!got || !timestamp) return false;
  const want = oaSignature(id, rawBody, timestamp, secretKey);
  return timingSafeEqual(Buffer.from(got, 'hex'), Buffer.from(want, 'hex'));
}

/**
 * When the configured variant does not verify, which other one would have (for the logs while
 * the unknowns are being settled): labels only, never a secret.
 */
export function diagnoseOaSignature(
  header: string | string[] | undefined,
  rawBody: Uint8Array,
  timestamp: string,
  candidates: Array<{ label: string; id: string; secret: string }>,
): string | undefined {
  for (const c of candidates) {
    if (c.id && c.secret && verifyOaSignature(header, rawBody, timestamp, c.id, c.secret)) return c.label;
  }
  return undefined;
}
