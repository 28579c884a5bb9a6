/**
 * Short-lived download links (see the `downloads` table): put a file, get an unguessable
 * token (144 random bits, base64url); only its SHA-256 is stored, so a copy of the database
 * does not hand out working links. Expired rows are refused at once and pruned hourly.
 */
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, lt } from 'drizzle-orm';
import type { Db } from '../store.js';
import { downloads } from '../schema.js';

const hash = (token: string) => createHash('sha256').update(token).digest('hex');

export async function putDownload(
  db: Db,
  file: { fileName: string; mime: string; data: Uint8Array },
  o: { chatId: string; now: Date; ttlMs: number },
): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(18).toString('base64url');
  const expiresAt = new Date(o.now.getTime() + o.ttlMs);
  await db.insert(downloads).values({
    tokenHash: hash(token),
    fileName: file.fileName,
    mime: file.mime,
    data: file.data,
    chatId: o.chatId,
    expiresAt,
  });
  return { token, expiresAt };
}

export async function getDownload(
  db: Db,
  token: string,
  now: Date,
): Promise<{ fileName: string; mime: string; data: Uint8Array } | undefined> {
  if (!/^[A-Za-z0-9_-]{16,64}$/.test(token)) return undefined;
  const [row] = await db
    .select({ fileName: downloads.fileName, mime: downloads.mime, data: downloads.data })
    .from(downloads)
    .where(and(eq(downloads.tokenHash, hash(token)), gt(downloads.expiresAt, now)))
    .limit(1);
  return row;
}

export async function pruneDownloads(db: Db, now: Date): Promise<void> {
  await db.delete(downloads).where(lt(downloads.expiresAt, now));
}
