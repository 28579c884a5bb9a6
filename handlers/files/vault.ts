/**
 * What flows may ask of the attachment archive: the stored bytes of a file by its hash. The
 * archive itself (downloading, object store) lives in bot/files/; flows only read.
 */
import type { Db } from '../../db/store.js';

export interface FileVault {
  read(db: Db, sha256: string): Promise<Uint8Array | undefined>;
}
