/**
 * Start-up time and memory of the real `npm start`, next to a bare `node -e 0` and `tsx -e 0`
 * measured in the same run (the machine is shared, so only ratios within one run mean much).
 *
 *   npx tsx bench/startup.ts                      # PGlite shell mode; PostgreSQL too when DATABASE_URL is set
 *   npx tsx bench/startup.ts --runs 5 --pg postgres://postgres@127.0.0.1:5432/postgres
 *   npx tsx bench/startup.ts --variants           # also the same start through tsx (`tsx bot/main.ts`)
 *
 * Scenarios, each run `--runs` times (median time, highest peak):
 * - fresh:    `printf '/help\n' | npm start` on an empty DATA_DIR (shell mode, demo seeded);
 * - existing: the same on the folder the fresh run left;
 * - postgres: `npm start` in channel mode (Telegram, against the fake Bot API on 127.0.0.1) on
 *   a fresh PostgreSQL database: time to the first reply, then RSS after IDLE_SECONDS idle.
 * Time to first reply = from spawning npm to the reply to `/help` (shell) or the first
 * sendMessage (channel). Peak RSS = VmHWM of the bot's node process (npm's direct child)
 * read from /proc just before it is told to stop; the bare commands are measured with
 * /usr/bin/time (its %M is the peak RSS of the process). CPU seconds (user + system, from
 * /proc/<pid>/stat: npm with its finished children such as prestart, plus the bot) are printed
 * too: on a shared, loaded machine they vary far less than wall times. Targets (issue 15): fresh ≤ 5 × and
 * existing ≤ 3 × the bare tsx start; peak ≤ 300 / 250 MB; on PostgreSQL idle ≤ 150 MB.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { argNumber, argValue, createDatabase, fmt, printHeader, printTable, redactUrl, sleep } from './lib.js';
import { startFakeTelegram } from '../test/fakes/telegram-api.js';

const argv = process.argv.slice(2);
const RUNS = argNumber(argv, 'runs', 3);
const IDLE_SECONDS = argNumber(argv, 'idle', 5);
const PG_URL = argValue(argv, 'pg') ?? process.env.DATABASE_URL;
const VARIANTS = argv.includes('--variants');
const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const HELP_MARKER = '(/help)';

interface Sample {
  ms: number;
  peakMb: number;
  idleMb?: number;
  /** CPU seconds (user + system) spent until the reply: npm, its finished children, the bot. */
  cpu: number;
}

const TICK = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

/** utime + stime (+ waited children's) of a process, in seconds. */
function cpuOf(pid: number, withChildren: boolean): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat
      .slice(stat.lastIndexOf(')') + 2)
      .split(' ')
      .map(Number);
    // fields 14–17 overall: utime, stime, cutime, cstime (f[0] is field 3)
    return (f[11]! + f[12]! + (withChildren ? f[13]! + f[14]! : 0)) / TICK;
  } catch {
    return NaN;
  }
}

function baseEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of Object.keys(env))
    if (k === 'DATABASE_URL' || k === 'SEED_FILE' || /TOKEN|SECRET|^ZALO|^TELEGRAM/.test(k) || k.startsWith('npm_'))
      delete env[k];
  return { ...env, LOG_LEVEL: 'warn', ...extra };
}

function procStatus(pid: number): { hwm: number; rss: number } | null {
  try {
    const s = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(s)?.[1] ?? NaN);
    return { hwm: kb('VmHWM') / 1024, rss: kb('VmRSS') / 1024 };
  } catch {
    return null;
  }
}

/** The bot's node process: the launcher itself, or its direct child when npm started it. */
function botPid(launcherPid: number, script: string): number | undefined {
  const cmd = (pid: number) => {
    try {
      return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      return '';
    }
  };
  const seen = [launcherPid];
  for (let i = 0; i < seen.length && i < 20; i++) {
    const pid = seen[i]!;
    if (cmd(pid).includes(script) && /node/.test(cmd(pid).split('\0')[0] ?? '')) {
      // tsx's launcher also names the script: the real process is the deepest such node.
      const kids = children(pid).filter((k) => cmd(k).includes(script));
      if (kids.length === 0) return pid;
    }
    seen.push(...children(pid));
  }
  return undefined;
}

function children(pid: number): number[] {
  try {
    return fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** A bare command under /usr/bin/time: wall ms and peak RSS. */
function bare(cmd: string[]): Sample {
  const out = path.join(os.tmpdir(), `thidua-time-${process.pid}`);
  const t0 = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%M %U %S', '-o', out, ...cmd], { cwd: ROOT, stdio: 'ignore' });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${cmd.join(' ')} failed`);
  const [kb, user, sys] = fs.readFileSync(out, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
  fs.rmSync(out, { force: true });
  return { ms, peakMb: kb! / 1024, cpu: user! + sys! };
}

/** `npm start` (or a variant) in shell mode with `/help` piped in. */
async function shellStart(launcher: string[], script: string, dataDir: string): Promise<Sample> {
  const t0 = performance.now();
  const child = spawn(launcher[0]!, launcher.slice(1), {
    cwd: ROOT,
    env: baseEnv({ DATA_DIR: dataDir }),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  child.stdin.write('/help\n');
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  let pid: number | undefined;
  let ms = NaN;
  let cpu = NaN;
  let peak = 0;
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    // Looked up again each time: tsx's launcher names the script before its child exists.
    pid = botPid(child.pid!, script) ?? pid;
    if (pid) peak = Math.max(peak, procStatus(pid)?.hwm ?? 0);
    if (out.includes(HELP_MARKER)) {
      ms = performance.now() - t0;
      cpu = cpuOf(child.pid!, true) + (pid && pid !== child.pid ? cpuOf(pid, false) : 0);
      break;
    }
    if (child.exitCode !== null) break;
    await sleep(5);
  }
  if (pid) peak = Math.max(peak, procStatus(pid)?.hwm ?? 0);
  child.stdin.end();
  const code = await exited;
  if (!Number.isFinite(ms) || code !== 0)
    throw new Error(`${launcher.join(' ')} gave no reply (exit ${code}):\n${out.slice(-500)}\n${err.slice(-2000)}`);
  if (!pid) throw new Error(`could not find the bot process of ${launcher.join(' ')}`);
  return { ms, peakMb: peak, cpu };
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** `npm start` in channel mode on PostgreSQL: first reply, then idle RSS. */
async function channelStart(databaseUrl: string, dataDir: string): Promise<Sample> {
  const tg = await startFakeTelegram();
  try {
    tg.pushText(4242, '/trogiup');
    const env = baseEnv({
      DATABASE_URL: databaseUrl,
      DATA_DIR: dataDir,
      SEED_FILE: path.join(ROOT, 'data', 'lai-chau', 'tam-duong.yaml'),
      TELEGRAM_BOT_TOKEN: tg.token,
      TELEGRAM_API_ROOT: tg.apiRoot,
      PORT: String(await freePort()),
    });
    const t0 = performance.now();
    const child = spawn('npm', ['start', '--silent'], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    try {
      await tg.waitForSent(4242, 1, 120_000);
    } catch (e) {
      child.kill('SIGKILL');
      throw new Error(`no reply on PostgreSQL: ${String(e)}\n${err.slice(-2000)}`, { cause: e });
    }
    const ms = performance.now() - t0;
    const pid = botPid(child.pid!, 'dist/bot/main.js');
    const cpu = cpuOf(child.pid!, true) + (pid ? cpuOf(pid, false) : 0);
    await sleep(IDLE_SECONDS * 1000);
    const st = pid ? procStatus(pid) : null;
    child.kill('SIGTERM');
    await exited;
    if (!st) throw new Error('could not read the bot process status');
    return { ms, peakMb: st.hwm, idleMb: st.rss, cpu };
  } finally {
    await tg.close();
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

async function main(): Promise<void> {
  printHeader('thidua-bot start-up: npm start vs a bare start', [
    `runs:     ${RUNS} per scenario (median time, highest peak RSS), load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
    `postgres: ${PG_URL ? redactUrl(PG_URL) : 'skipped (set DATABASE_URL or --pg)'}`,
  ]);
  const build = spawnSync('node', ['scripts/build.mjs'], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`build failed: ${build.stderr}`);
  console.log(build.stdout.trim());
  console.log('');

  const results = new Map<string, Sample[]>();
  const add = (name: string, s: Sample) => results.set(name, [...(results.get(name) ?? []), s]);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'thidua-startup-'));
  const tsx = path.join(ROOT, 'node_modules', '.bin', 'tsx');
  try {
    for (let i = 0; i < RUNS; i++) {
      // Interleaved, so a burst of load on the shared machine hits every scenario alike.
      add('node -e 0', bare(['node', '-e', '0']));
      add('tsx -e 0', bare([tsx, '-e', '0']));
      const dir = path.join(tmp, `run-${i}`);
      add('npm start, fresh folder', await shellStart(['npm', 'start', '--silent'], 'dist/bot/main.js', dir));
      add('npm start, existing folder', await shellStart(['npm', 'start', '--silent'], 'dist/bot/main.js', dir));
      if (VARIANTS) {
        const vdir = path.join(tmp, `tsx-${i}`);
        add('tsx bot/main.ts, fresh folder', await shellStart([tsx, 'bot/main.ts'], 'bot/main.ts', vdir));
        add('tsx bot/main.ts, existing folder', await shellStart([tsx, 'bot/main.ts'], 'bot/main.ts', vdir));
      }
      if (PG_URL) {
        const db = await createDatabase(PG_URL);
        try {
          add('npm start, PostgreSQL, Telegram', await channelStart(db.url, path.join(tmp, `pg-${i}`)));
        } finally {
          await db.drop();
        }
      }
      process.stdout.write(`run ${i + 1}/${RUNS} done\n`);
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }

  const bareTsx = median(results.get('tsx -e 0')!.map((s) => s.ms));
  const bareTsxCpu = median(results.get('tsx -e 0')!.map((s) => s.cpu));
  const targets: Record<string, { ratio?: number; peak?: number; idle?: number }> = {
    'npm start, fresh folder': { ratio: 5, peak: 300 },
    'npm start, existing folder': { ratio: 3, peak: 250 },
    'npm start, PostgreSQL, Telegram': { idle: 150 },
  };
  console.log('');
  printTable(
    [
      'scenario',
      '>first reply ms (median)',
      '>× tsx -e 0',
      '>CPU s (median)',
      '>CPU × tsx -e 0',
      '>peak RSS MB (max)',
      '>idle RSS MB',
      'target',
      'met',
    ],
    [...results].map(([name, samples]) => {
      const ms = median(samples.map((s) => s.ms));
      const peak = Math.max(...samples.map((s) => s.peakMb));
      const idles = samples.map((s) => s.idleMb).filter((x): x is number => x !== undefined);
      const idle = idles.length ? Math.max(...idles) : NaN;
      const t = targets[name];
      const goals: string[] = [];
      let met = true;
      if (t?.ratio) {
        goals.push(`≤ ${t.ratio} ×`);
        met &&= ms / bareTsx <= t.ratio;
      }
      if (t?.peak) {
        goals.push(`≤ ${t.peak} MB peak`);
        met &&= peak <= t.peak;
      }
      if (t?.idle) {
        goals.push(`≤ ${t.idle} MB idle`);
        met &&= idle <= t.idle;
      }
      const cpu = median(samples.map((s) => s.cpu));
      return [
        name,
        fmt(ms),
        fmt(ms / bareTsx, 2),
        fmt(cpu, 2),
        fmt(cpu / bareTsxCpu, 2),
        fmt(peak),
        fmt(idle),
        goals.join(', ') || '—',
        t ? (met ? 'yes' : 'NO') : '',
      ];
    }),
  );
  console.log('');
  console.log('The target compares wall times; on a loaded shared machine the CPU columns (user + system seconds');
  console.log('of npm, its finished children and the bot, until the reply) are the steadier comparison.');
  console.log('all samples (ms / CPU s / peak MB):');
  for (const [name, samples] of results)
    console.log(`  ${name}: ${samples.map((s) => `${fmt(s.ms)}/${fmt(s.cpu, 2)}/${fmt(s.peakMb)}`).join('  ')}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
