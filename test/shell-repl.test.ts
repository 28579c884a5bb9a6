/**
 * The shell on a terminal behaves like a REPL: a prompt, what is typed is echoed, line editing
 * and history work; piped input (test/shell.test.ts) stays as it was.
 */
import os from 'node:os';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runShell } from '../bot/shell/index.js';
import { createTestApp, type TestApp } from './helpers/app.js';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(async () => app?.close());

describe('the interactive shell (item 4)', () => {
  it('prompts, echoes, edits the line and recalls history with the arrow keys', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let printed = '';
    // What a terminal would show, without the cursor-movement escape sequences.
    // eslint-disable-next-line no-control-regex
    output.on('data', (d) => (printed += String(d).replace(/\x1b\[[0-9;]*[A-Za-z]/g, '')));
    const done = runShell(app, { input, output, filesDir: os.tmpdir(), actAs: 'admin1', interactive: true });
    const waitFor = async (pattern: RegExp, from: number) => {
      for (let i = 0; i < 200 && !pattern.test(printed.slice(from)); i++) await new Promise((r) => setTimeout(r, 25));
      expect(printed.slice(from)).toMatch(pattern);
    };
    await waitFor(/> $/, 0);
    // "/whoamX", backspace, "i": line editing; the echo shows what was typed.
    let mark = printed.length;
    input.write('/whoamX');
    await waitFor(/\/whoamX/, mark);
    input.write('\x7fi\r');
    await waitFor(/Đang đóng vai: Quản Trị Viên[\s\S]*> $/, mark);
    // ↑ recalls the previous line; Enter sends it again.
    mark = printed.length;
    input.write('\x1b[A');
    await waitFor(/\/whoami/, mark);
    input.write('\r');
    await waitFor(/Đang đóng vai: Quản Trị Viên[\s\S]*> $/, mark);
    input.write('/quit\r');
    await done;
  }, 30_000);
});
