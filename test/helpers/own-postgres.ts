/**
 * A PostgreSQL server of the test's own, for the outage tests: initdb in a temporary folder,
 * started with pg_ctl on a free port (never 5432: the machine's server is never touched), and
 * stopped, frozen (SIGSTOP) or restarted by the test, then removed. The binaries are those
 * under /usr/lib/postgresql/<version>/bin; without them `findPostgresBin()` says why and the
 * tests skip. initdb refuses to run as root, so as root the server runs as the `postgres` user
 * (runuser). Trade-off: a real server costs ~2 s to initdb and start, but only a real server
 * shows what the driver does when the server goes away mid-query.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface PostgresBin {
  dir: string;
  /** Set when the server must run as another user (we are root). */
  runAs?: string;
}

/** The server binaries, or the reason they cannot be used. */
export function findPostgresBin(): PostgresBin | { missing: string } {
  const root = '/usr/lib/postgresql';
  let versions: string[];
  try {
    versions = fs
      .readdirSync(root)
      .filter((v) => /^\d+$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
  } catch {
    return { missing: `no PostgreSQL server binaries (${root} does not exist)` };
  }
  const dir = versions
    .map((v) => path.join(root, v, 'bin'))
    .find((d) => ['initdb', 'pg_ctl', 'postgres'].every((b) => fs.existsSync(path.join(d, b))));
  if (!dir) return { missing: `no initdb/pg_ctl/postgres under ${root}/*/bin` };
  if (process.getuid?.() !== 0) return { dir };
  const hasUser = spawnSync('id', ['-u', 'postgres']).status === 0;
  const hasRunuser = spawnSync('sh', ['-c', 'command -v runuser']).status === 0;
  if (!hasUser || !hasRunuser)
    return { missing: 'running as root without a postgres user and runuser to start initdb as' };
  return { dir, runAs: 'postgres' };
}

export async function freePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const s = net.createServer();
      s.once('error', reject);
      s.listen(0, '127.0.0.1', () => {
        const p = (s.address() as net.AddressInfo).port;
        s.close(() => resolve(p));
      });
    });
    if (port !== 5432) return port;
  }
}

export interface OwnPostgres {
  readonly port: number;
  /** postgres://… of the `postgres` database, trust auth. */
  readonly url: string;
  /** pg_ctl stop: `immediate` kills the backends at once (a crash), `fast` rolls back and closes. */
  stop(mode?: 'immediate' | 'fast'): void;
  start(): void;
  /** SIGSTOP / SIGCONT to the postmaster and every backend: a hung server or a partition. */
  freeze(): void;
  thaw(): void;
  /** Stops the server (thawing it first) and removes its folder. */
  destroy(): void;
}

export function startOwnPostgres(bin: PostgresBin): OwnPostgres & { ready: Promise<void> } {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'thidua-pg-'));
  fs.chmodSync(base, 0o755);
  const data = path.join(base, 'data');
  const sock = path.join(base, 'sock');
  fs.mkdirSync(sock);
  if (bin.runAs) execFileSync('chown', ['-R', bin.runAs, base]);
  const run = (cmd: string, args: string[]) => {
    const full = path.join(bin.dir, cmd);
    const [file, argv] = bin.runAs ? ['runuser', ['-u', bin.runAs, '--', full, ...args]] : [full, args];
    const r = spawnSync(file, argv, { encoding: 'utf8', timeout: 120_000 });
    if (r.status !== 0) throw new Error(`${cmd} failed (${r.status}): ${r.stderr || r.stdout}`);
    return r.stdout;
  };
  let port = 0;
  let frozen = false;
  const pidFile = path.join(data, 'postmaster.pid');
  const pids = (): number[] => {
    let main: number;
    try {
      main = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
    } catch {
      return [];
    }
    if (!Number.isInteger(main) || main <= 0) return [];
    const children = spawnSync('ps', ['-o', 'pid=', '--ppid', String(main)], { encoding: 'utf8' })
      .stdout.split('\n')
      .map((s) => Number(s.trim()))
      .filter((n) => Number.isInteger(n) && n > 0);
    return [main, ...children];
  };
  const signalAll = (sig: NodeJS.Signals) => {
    for (const pid of pids()) {
      try {
        process.kill(pid, sig);
      } catch {
        /* gone */
      }
    }
  };
  const server: OwnPostgres & { ready: Promise<void> } = {
    get port() {
      return port;
    },
    get url() {
      return `postgres://postgres@127.0.0.1:${port}/postgres`;
    },
    start() {
      run('pg_ctl', [
        '-D',
        data,
        '-l',
        path.join(base, 'log'),
        '-w',
        '-t',
        '60',
        '-o',
        `-p ${port} -k ${sock} -c listen_addresses=127.0.0.1 -c fsync=off`,
        'start',
      ]);
    },
    stop(mode = 'immediate') {
      run('pg_ctl', ['-D', data, '-m', mode, '-w', '-t', '60', 'stop']);
    },
    freeze() {
      signalAll('SIGSTOP');
      frozen = true;
    },
    thaw() {
      signalAll('SIGCONT');
      frozen = false;
    },
    destroy() {
      try {
        if (frozen) server.thaw();
        if (fs.existsSync(pidFile)) server.stop('immediate');
      } catch {
        /* best effort */
      }
      fs.rmSync(base, { recursive: true, force: true });
    },
    ready: Promise.resolve(),
  };
  server.ready = (async () => {
    port = await freePort();
    run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
    server.start();
  })();
  return server;
}
