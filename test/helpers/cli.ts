/**
 * `npm run admin -- …` as an office would type it, in a child process with the given
 * environment (npm's own variables removed, DATABASE_URL only when the test gives one).
 */
import { spawn } from 'node:child_process';

export interface CliRun {
  code: number | null;
  out: string;
  err: string;
}

export function runAdmin(args: string[], env: Record<string, string>): Promise<CliRun> {
  const full: NodeJS.ProcessEnv = { ...process.env, ...env };
  if (!env.DATABASE_URL) delete full.DATABASE_URL;
  for (const k of Object.keys(full)) if (k.startsWith('npm_')) delete full[k];
  const child = spawn('npm', ['run', 'admin', '--silent', '--', ...args], {
    env: full,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, out, err })));
}
