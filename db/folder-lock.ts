/**
 * The lock that keeps a second process off a PGlite folder (PGlite has no inter-process lock
 * and two processes on one folder corrupt it).
 *
 * The lock file holds the holder's pid AND its start time (field 22 of /proc/<pid>/stat, in
 * clock ticks since boot). A lock is stale when that pid is gone or now belongs to another
 * process (a different start time: pid reuse after a reboot or a long uptime), and is then
 * taken over. Trade-off: a pid file rather than flock(2), which Node cannot call without a
 * native addon; without /proc (not Linux) only the pid is compared, as before.
 * The file is written complete under a temporary name and hard-linked into place, so no
 * process ever reads a half-written lock; a takeover renames the stale file away first and
 * checks that what it moved is what it judged stale.
 */
import fs from 'node:fs';
import path from 'node:path';

export const LOCK_FILE_NAME = '.thidua-bot.lock';

export class StoreLockedError extends Error {
  override name = 'StoreLockedError';
}

export interface LockHolder {
  pid: number;
  /** Start time in clock ticks since boot; null when unknown (no /proc, or an old lock file). */
  startTime: number | null;
}

/** Start time of a live process from /proc, or null when there is no such process or no /proc. */
export function processStartTime(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: count after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const start = Number(fields[19]); // field 22 overall; field 3 is fields[0]
    return Number.isFinite(start) ? start : null;
  } catch {
    return null;
  }
}

export function formatLock(holder: LockHolder): string {
  return holder.startTime === null ? String(holder.pid) : `${holder.pid} ${holder.startTime}`;
}

export function parseLock(text: string): LockHolder | null {
  const m = /^\s*(\d+)(?:\s+(\d+))?\s*$/.exec(text);
  if (!m) return null;
  const pid = Number(m[1]);
  if (!Number.isSafeInteger(pid) || pid <= 0) return null;
  return { pid, startTime: m[2] === undefined ? null : Number(m[2]) };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** True when the process that wrote this lock is still running. */
export function holderAlive(holder: LockHolder): boolean {
  if (!isAlive(holder.pid)) return false;
  if (holder.startTime === null) return true;
  const now = processStartTime(holder.pid);
  return now === null || now === holder.startTime;
}

export function currentHolder(): LockHolder {
  return { pid: process.pid, startTime: processStartTime(process.pid) };
}

/** Takes the lock of `dir` for this process; returns the function that releases it. */
export function lockDataDir(dir: string): () => void {
  const lockPath = path.join(dir, LOCK_FILE_NAME);
  const mine = formatLock(currentHolder());
  for (let attempt = 0; attempt < 5; attempt++) {
    const tmp = `${lockPath}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, mine);
    try {
      fs.linkSync(tmp, lockPath);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      takeOverIfStale(dir, lockPath);
      continue;
    } finally {
      fs.rmSync(tmp, { force: true });
    }
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      process.removeListener('exit', release);
      try {
        if (fs.readFileSync(lockPath, 'utf8') === mine) fs.unlinkSync(lockPath);
      } catch {
        /* already gone */
      }
    };
    process.once('exit', release);
    return release;
  }
  throw new StoreLockedError(`Could not lock ${dir}`);
}

function takeOverIfStale(dir: string, lockPath: string): void {
  let text: string;
  try {
    text = fs.readFileSync(lockPath, 'utf8');
  } catch {
    return; // released meanwhile: try again
  }
  const holder = parseLock(text);
  if (holder && holder.pid !== process.pid && holderAlive(holder)) {
    throw new StoreLockedError(
      `The embedded database in ${dir} is already open in process ${holder.pid}. ` +
        'Stop that process first, or set DATABASE_URL to share a PostgreSQL server between processes.',
    );
  }
  // Stale (dead holder, reused pid, our own pid from a previous life, or garbage): move it
  // away, and if what we moved is not what we judged, another process took over first — put
  // it back.
  const aside = `${lockPath}.stale-${process.pid}`;
  try {
    fs.renameSync(lockPath, aside);
  } catch {
    return;
  }
  const moved = fs.readFileSync(aside, 'utf8');
  if (moved !== text) {
    try {
      fs.linkSync(aside, lockPath);
    } catch {
      /* a third process holds it now; the next attempt reads that one */
    }
  }
  fs.rmSync(aside, { force: true });
}
