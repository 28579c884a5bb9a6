import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { onPostgres } from './helpers/db.js';

/** Runs `npm start`'s entry point with piped input and returns what it printed. */
function runStart(
  input: string,
  env: Record<string, string>,
): Promise<{ out: string; err: string; code: number | null }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bot/main.ts'], {
      env: { ...process.env, DATABASE_URL: '', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => resolve({ out, err, code }));
    child.stdin.end(input);
  });
}

describe.skipIf(onPostgres)('local shell through npm start (piped input)', () => {
  it('answers /help and a criteria search in Vietnamese, then exits when input ends', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'thidua-shell-'));
    // Pinned to the former district: the second run below plays one of its people.
    const { out, code } = await runStart('/help\n/tieuchi lao dong tien tien\n', {
      DATA_DIR: dir,
      SEED_FILE: 'data/lai-chau/tam-duong.yaml',
    });
    expect(code).toBe(0);
    expect(out).toContain('Các lệnh anh/chị dùng được');
    expect(out).toContain('/tieuchi (/criteria)');
    expect(out).toContain('🎖 Lao động tiên tiến');
    expect(out).toContain('Hoàn thành tốt nhiệm vụ trở lên');
    // The data survives the process: a second run reuses the folder without reloading.
    const second = await runStart('/as focal-xa-binh-lu\n/whoami\n', {
      DATA_DIR: dir,
      SEED_FILE: 'data/lai-chau/tam-duong.yaml',
    });
    expect(second.code).toBe(0);
    expect(second.out).toMatch(/Đang đóng vai: .* — focal, UBND xã Bình Lư/);
  }, 60_000);

  it('stops with one clear line on a wrong setting', async () => {
    const { err, code } = await runStart('', { TIMEZONE: 'Mars/Base' });
    expect(code).toBe(1);
    expect(err.trim()).toBe(
      'Invalid configuration: TIMEZONE must be an IANA time zone such as Asia/Ho_Chi_Minh (got "Mars/Base")',
    );
  });
});
