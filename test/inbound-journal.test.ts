/**
 * The Zalo channels' inbound journal (bot/inbound-journal.ts): events that met a database
 * outage are kept on disk, survive a restart, are handled once each in their chat's order
 * when the database is back, and the person hears once that the answer will come. Beyond its
 * bound (or when the disk refuses) the person is asked to send again.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createInboundJournal, type Attempt, type InboundJournal } from '../bot/inbound-journal.js';
import { silentLogger } from '../bot/logger.js';
import { ChatLanes } from '../bot/zalo-common/queue.js';

interface Ev {
  chat: string;
  n: number;
}

const dirs: string[] = [];
const journals: InboundJournal<Ev>[] = [];
afterEach(async () => {
  for (const j of journals.splice(0)) await j.stop();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function setup(file?: string, maxEvents = 100) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'thidua-journal-'));
  dirs.push(dir);
  const world = {
    file: file ?? path.join(dir, 'inbound', 'zalo-oa.jsonl'),
    down: false,
    handled: [] as Ev[],
    told: [] as Array<{ chat: string; text: string }>,
  };
  const lanes = new ChatLanes(silentLogger());
  const journal = createInboundJournal<Ev>({
    file: world.file,
    maxEvents,
    logger: silentLogger(),
    inLane: (chat, fn) => lanes.run(chat, fn),
    async handle(ev): Promise<Attempt> {
      if (world.down) return { status: 'transient', notice: [{ text: '⏳ will come' }] };
      world.handled.push(ev);
      return { status: 'handled' };
    },
    async tell(chat, messages) {
      for (const m of messages) world.told.push({ chat, text: m.text });
    },
    resendLater: [{ text: 'please send again' }],
    healthy: async () => !world.down,
    retryMs: { first: 20, max: 50 },
  });
  journals.push(journal);
  const accept = (ev: Ev) => lanes.run(ev.chat, () => journal.accept(ev.chat, ev));
  return { world, journal, accept, lanes };
}

async function until(pred: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('inbound journal', () => {
  it('keeps what failed, tells each chat once, and replays in order per chat when the database is back', async () => {
    const { world, journal, accept } = setup();
    journal.start();
    world.down = true;
    for (let n = 1; n <= 3; n++) await accept({ chat: 'a', n });
    for (let n = 1; n <= 2; n++) await accept({ chat: 'b', n });
    expect(journal.waiting()).toBe(5);
    expect(world.told).toEqual([
      { chat: 'a', text: '⏳ will come' },
      { chat: 'b', text: '⏳ will come' },
    ]);
    expect(fs.readFileSync(world.file, 'utf8').trim().split('\n')).toHaveLength(5);
    world.down = false;
    await accept({ chat: 'a', n: 4 }); // the database is up, but it must wait behind 1–3
    await until(() => journal.waiting() === 0);
    expect(world.handled.filter((e) => e.chat === 'a').map((e) => e.n)).toEqual([1, 2, 3, 4]);
    expect(world.handled.filter((e) => e.chat === 'b').map((e) => e.n)).toEqual([1, 2]);
    expect(fs.readFileSync(world.file, 'utf8')).toBe(''); // emptied once nothing waits
  });

  it('what waits survives a restart (a new process reads the file), and a cut last line is skipped', async () => {
    const first = setup();
    first.journal.start();
    first.world.down = true;
    for (let n = 1; n <= 3; n++) await first.accept({ chat: 'a', n });
    await first.journal.stop(); // the process dies with three events kept
    fs.appendFileSync(first.world.file, '{"t":"add","seq":99,"chat":"a","at":"2026'); // torn write
    const second = setup(first.world.file);
    second.journal.start();
    await until(() => second.world.handled.length === 3);
    expect(second.world.handled.map((e) => e.n)).toEqual([1, 2, 3]);
    expect(second.world.told).toEqual([]);
    await until(() => second.journal.waiting() === 0);
  });

  it('beyond its bound the person is asked to send again, and nothing else is lost', async () => {
    const { world, journal, accept } = setup(undefined, 2);
    journal.start();
    world.down = true;
    for (let n = 1; n <= 3; n++) await accept({ chat: 'a', n });
    expect(journal.waiting()).toBe(2);
    expect(journal.stats.refused).toBe(1);
    expect(world.told.map((t) => t.text)).toEqual(['⏳ will come', 'please send again']);
    world.down = false;
    await until(() => journal.waiting() === 0);
    expect(world.handled.map((e) => e.n)).toEqual([1, 2]);
  });

  it('when the disk refuses the write the event is not counted as kept and the person is asked to resend', async () => {
    const { world, journal, accept } = setup();
    fs.mkdirSync(path.dirname(world.file), { recursive: true });
    fs.mkdirSync(world.file); // a directory where the file should be: every open fails
    journal.start();
    world.down = true;
    await accept({ chat: 'a', n: 1 });
    expect(journal.waiting()).toBe(0);
    expect(world.told.map((t) => t.text)).toEqual(['please send again']);
  });
});
