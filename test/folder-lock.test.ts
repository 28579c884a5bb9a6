/**
 * The PGlite folder lock under pid reuse and killed processes, through the real `npm start`:
 * a stale lock whose pid now belongs to another live process is taken over; the process npm
 * starts is the bot itself (it holds the lock), so SIGKILL on it frees the folder; and SIGKILL
 * on npm itself makes the bot stop rather than linger as an orphan holding the lock.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatLock, lockDataDir, parseLock, processStartTime, StoreLockedError } from '../db/folder-lock.js';

const tmpDirs: string[] = [];
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const d of tmpDirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
const tmp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'thidua-lock-'));
  tmpDirs.push(d);
  return d;
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until<T>(what: string, fn: () => T | undefined | null | false, ms = 90_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('lock file under pid reuse', () => {
  it('takes over a lock whose pid is now another live process (different start time)', async () => {
    const dir = tmp();
    const other = spawn('sleep', ['60']);
    children.push(other);
    await until('sleep to start', () => processStartTime(other.pid!) !== null);
    const realStart = processStartTime(other.pid!)!;
    // The lock as the process that used to have this pid left it: same pid, earlier start.
    fs.writeFileSync(path.join(dir, '.thidua-bot.lock'), formatLock({ pid: other.pid!, startTime: realStart - 1000 }));
    const release = lockDataDir(dir);
    expect(parseLock(fs.readFileSync(path.join(dir, '.thidua-bot.lock'), 'utf8'))).toEqual({
      pid: process.pid,
      startTime: processStartTime(process.pid),
    });
    release();
    expect(fs.existsSync(path.join(dir, '.thidua-bot.lock'))).toBe(false);
    expect(alive(other.pid!)).toBe(true); // nobody was killed

    // The same pid with its real start time is a live holder: refused.
    fs.writeFileSync(path.join(dir, '.thidua-bot.lock'), formatLock({ pid: other.pid!, startTime: realStart }));
    expect(() => lockDataDir(dir)).toThrow(StoreLockedError);
    expect(() => lockDataDir(dir)).toThrow(new RegExp(`already open in process ${other.pid}`));
  });

  it('treats a garbage or empty lock file as stale', () => {
    const dir = tmp();
    for (const junk of ['', 'abc', '-5', '0 0']) {
      fs.writeFileSync(path.join(dir, '.thidua-bot.lock'), junk);
      lockDataDir(dir)();
    }
  });
});

/** `npm start` in shell mode on a PGlite folder, its stdin kept open unless `input` is given. */
function npmStart(
  dataDir: string,
  input?: string,
): { child: ChildProcess; out: () => string; exited: Promise<number | null> } {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir };
  for (const k of Object.keys(env))
    if (k === 'DATABASE_URL' || /TOKEN|SECRET/.test(k) || k.startsWith('npm_')) delete env[k];
  const child = spawn('npm', ['start', '--silent'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  if (input !== undefined) child.stdin.end(input);
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return { child, out: () => out, exited };
}

const lockHolder = (dataDir: string) => {
  try {
    return parseLock(fs.readFileSync(path.join(dataDir, 'pglite', '.thidua-bot.lock'), 'utf8'));
  } catch {
    return null;
  }
};
const parentOf = (pid: number) => Number(fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]);

describe.skipIf(process.platform !== 'linux')('npm start is one process holding the lock', () => {
  it('SIGKILL on the process npm started frees the folder; the next npm start works', async () => {
    const dataDir = tmp();
    const first = npmStart(dataDir);
    const holder = await until('the bot to lock its folder', () => lockHolder(dataDir));
    // The lock holder is npm's own child, running the compiled bot: no launcher in between.
    expect(parentOf(holder.pid)).toBe(first.child.pid);
    expect(fs.readFileSync(`/proc/${holder.pid}/cmdline`, 'utf8').split('\0')).toContain('dist/bot/main.js');
    await until('the shell to greet', () => first.out().includes('/trogiup'));

    process.kill(holder.pid, 'SIGKILL');
    await first.exited;
    expect(alive(holder.pid)).toBe(false);

    const second = npmStart(dataDir, '/help\n');
    expect(await second.exited).toBe(0);
    expect(second.out()).toContain('/trogiup');
    expect(second.out()).not.toMatch(/already open/);
  }, 180_000);

  it('SIGKILL on npm itself: the bot stops, releases the lock, and the next start works', async () => {
    const dataDir = tmp();
    const first = npmStart(dataDir);
    const holder = await until('the bot to lock its folder', () => lockHolder(dataDir));
    await until('the shell to greet', () => first.out().includes('/trogiup'));
    first.child.kill('SIGKILL');
    await until('the orphaned bot to stop', () => !alive(holder.pid), 30_000);
    expect(lockHolder(dataDir)).toBeNull();

    const second = npmStart(dataDir, '/help\n');
    expect(await second.exited).toBe(0);
    expect(second.out()).toContain('/trogiup');
  }, 180_000);
});
