/**
 * Where archived attachment bytes live: the `files` table (bytea, the default: one backup
 * covers everything) or an S3-compatible object store (`FILES_S3_*`: the database stays small
 * when offices attach many scans). Either way a `files` row records the hash, size and type,
 * so exports and integrity checks need only the database to know what exists.
 * Content-addressed by SHA-256: the same bytes are stored once, and a write is idempotent.
 */
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/store.js';
import { files } from '../../db/schema.js';
import { createS3Client, type S3Client, type S3Settings } from './s3.js';

export interface StoredFile {
  sha256: string;
  size: number;
  mime: string;
  data: Uint8Array;
}

export interface BlobStore {
  readonly kind: 'db' | 's3';
  put(db: Db, file: StoredFile): Promise<void>;
  /** The bytes, or undefined when nothing is stored under the hash. */
  get(db: Db, sha256: string): Promise<Uint8Array | undefined>;
}

export const objectKey = (sha256: string) => `attachments/${sha256.slice(0, 2)}/${sha256}`;

export function createBlobStore(s3?: S3Settings, opts: { client?: S3Client } = {}): BlobStore {
  if (!s3 && !opts.client) {
    return {
      kind: 'db',
      async put(db, f) {
        await db
          .insert(files)
          .values({ sha256: f.sha256, size: f.size, mime: f.mime, storage: 'db', data: f.data })
          .onConflictDoNothing();
      },
      async get(db, sha256) {
        const [row] = await db.select({ data: files.data }).from(files).where(eq(files.sha256, sha256)).limit(1);
        return row?.data ? new Uint8Array(row.data) : undefined;
      },
    };
  }
  const client = opts.client ?? createS3Client(s3!);
  return {
    kind: 's3',
    async put(db, f) {
      // The object first: a row never points at bytes that are not there.
      await client.put(objectKey(f.sha256), f.data, f.mime);
      await db
        .insert(files)
        .values({ sha256: f.sha256, size: f.size, mime: f.mime, storage: 's3', data: null })
        .onConflictDoUpdate({
          target: files.sha256,
          set: { storage: sql`case when ${files.data} is null then 's3' else ${files.storage} end` },
        });
    },
    async get(db, sha256) {
      const [row] = await db
        .select({ storage: files.storage, data: files.data })
        .from(files)
        .where(eq(files.sha256, sha256))
        .limit(1);
      if (!row) return undefined;
      if (row.data) return new Uint8Array(row.data); // stored in the database before S3 was configured
      return client.get(objectKey(sha256));
    },
  };
}
