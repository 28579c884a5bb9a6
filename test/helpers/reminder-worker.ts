/**
 * One bot process for the multi-process reminder tests: a scheduler and a deliverer on the
 * shared PostgreSQL database, sending through the real Telegram adapter to the fake Bot API.
 *
 * Its clock is injected: virtual time starts at THIDUA_NOW and runs THIDUA_SPEED times faster
 * than real time, so retries and leases play out in seconds without the test sleeping for
 * minutes. It exits when the outbox has nothing left to send, printing a JSON summary.
 */
import { createApp, createJobs } from '../../bot/app.js';
import { createConfig } from '../../bot/config.js';
import { silentLogger } from '../../bot/logger.js';
import { createTelegramChannel } from '../../bot/telegram/index.js';
import { openStore } from '../../db/store.js';
import { countOpen } from '../../db/queries/outbox.js';
import type { Clock } from '../../handlers/types.js';

const base = new Date(process.env.THIDUA_NOW!).getTime();
const speed = Number(process.env.THIDUA_SPEED ?? '1');
const started = Date.now();
const clock: Clock = { now: () => new Date(base + (Date.now() - started) * speed) };

const config = createConfig(process.env);
const store = await openStore({ databaseUrl: config.databaseUrl, maxConnections: 4 });
const app = createApp({ config, store, clock, logger: silentLogger() });
const tg = createTelegramChannel(app, {
  botInfo: JSON.parse(process.env.THIDUA_BOT_INFO!),
  publishCommands: false,
  webhook: null,
});
const { scheduler, deliverer } = createJobs(app, new Map([['telegram', tg]]), { worker: process.env.THIDUA_WORKER });

const tick = await scheduler.tick();
process.stdout.write(`ticked ${JSON.stringify(tick)}\n`);
let delivered = 0;
const deadline = Date.now() + 60_000;
while (Date.now() < deadline) {
  const n = await deliverer.deliverOnce();
  delivered += n;
  if (n === 0) {
    if ((await countOpen(store.db)) === 0) break;
    await new Promise((r) => setTimeout(r, 20));
  }
}
process.stdout.write(
  `${JSON.stringify({ worker: process.env.THIDUA_WORKER, claimed: delivered, queued: tick.queued })}\n`,
);
await store.close();
process.exit(0);
