/**
 * The key an inbound Zalo event is processed once under, when the platform gave it no id.
 * Built from the whole event (kind, sender, chat, time, and a hash of everything else), so two
 * different id-less messages never share a key, while the same event delivered twice does.
 * Trade-off: two byte-identical events (same sender, same millisecond, same content) are taken
 * as one delivery; nothing in them could tell them apart anyway.
 */
import { createHash } from 'node:crypto';

/** JSON with object keys sorted, so the same event always hashes the same. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

/** `<kind>:h:<sender>:<time>:<sha256 of the whole event, 24 hex>`; stays short for the processed-ids table. */
export function contentEventKey(kind: string, sender: string, time: string, event: unknown): string {
  const hash = createHash('sha256').update(canonical(event)).digest('hex').slice(0, 24);
  return `${kind}:h:${sender.slice(0, 40)}:${time.slice(0, 20)}:${hash}`;
}
