/**
 * `npm start`. Reads the configuration once, opens the store (migrations applied), loads or
 * upgrades the national content (titles, award forms; every mode), loads the demo data into an
 * empty database, then either opens the local shell (no platform token) or starts the
 * configured channels, the scheduler and the HTTP server.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { hasPlatformChannel, type Config } from './config.js';
import { configOrExit, openStoreOrExit } from './startup.js';
import { installFaultBoundary } from './fault-boundary.js';
import { createLogger, type Logger } from './logger.js';
import { createApp, workCalendar } from './app.js';
import { markDueRemindersSent } from '../jobs/demo-reminders.js';
import { DEFAULT_POLICY } from '../domain/reminders/policy.js';
import { runShell } from './shell/index.js';
import { watchLauncher } from './launcher-watch.js';
import type { Store } from '../db/store.js';
import { isEmpty } from '../db/import.js';
import { importDataFile, importDataFolder } from '../handlers/services/data-import.js';
import { DataFileError } from '../db/data-file.js';
import { ensureNationalContent } from '../db/national.js';
import { systemClock } from '../handlers/types.js';

/** The shell's demo: the commune of Bình Lư under decree 152/2025, its calendar placed around today. */
/** The demo: the province of Lai Châu with its four communes of the former Tam Đường district (data/lai-chau/). */
export const DEFAULT_SEED = fileURLToPath(new URL('../data/lai-chau', import.meta.url));

/** National titles and award forms, always present: loaded into any database, upgraded when the rule set changes. */
export async function loadNationalContent(store: Store, logger: Logger): Promise<void> {
  const summary = await ensureNationalContent(store, { now: new Date() });
  if (summary.inserted + summary.updated + summary.retired.length > 0) logger.info(summary, 'national content loaded');
  if (summary.tookOver.length > 0)
    logger.info({ codes: summary.tookOver }, 'titles an older data file carried are now national content');
}

/** Loads the seed file into an empty database; a database with data is left alone. */
export async function seedIfEmpty(
  store: Store,
  config: Config,
  logger: Logger,
  fallback?: string,
  now: Date = new Date(),
): Promise<void> {
  const file = config.seedFile ?? fallback;
  if (!file || !(await isEmpty(store.db))) return;
  const opts = {
    timezone: config.timezone,
    now,
    actor: { personId: null, account: 'system:seed' },
    maxBytes: config.importMaxBytes,
  };
  // A folder is a province with its communes (data/lai-chau/), a file one jurisdiction.
  const summaries = fs.statSync(file).isDirectory()
    ? await importDataFolder(store, file, opts)
    : [await importDataFile(store, file, opts)];
  // A demo's simulated year: the reminders due by now count as already sent (jobs/demo-reminders.ts).
  const reminded = summaries.some((s) => s.demo)
    ? await markDueRemindersSent(store, { now, calendar: workCalendar(config), policy: DEFAULT_POLICY })
    : 0;
  for (const { file: f, jurisdiction, inserted, updated, unchanged } of summaries)
    logger.info({ file: f, jurisdiction: jurisdiction.code, inserted, updated, unchanged }, 'loaded data');
  logger.info({ files: summaries.length, reminded }, 'loaded data into an empty database');
}

async function main(): Promise<void> {
  const config = configOrExit();
  const shellMode = !hasPlatformChannel(config);
  const logger = createLogger(config.logLevel ?? (shellMode ? 'warn' : 'info'));
  // A driver fault must not take the bot down (README, Failure modes).
  let opened: Store | undefined;
  installFaultBoundary({ logger, store: () => opened });

  const store = await openStoreOrExit(config, { logger });
  opened = store;
  try {
    await loadNationalContent(store, logger);
    await seedIfEmpty(store, config, logger, shellMode ? DEFAULT_SEED : undefined);
  } catch (err) {
    await store.close();
    if (err instanceof DataFileError) {
      process.stderr.write(`The data file has errors, nothing was loaded:\n${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const app = createApp({ config, store, clock: systemClock, logger });

  if (shellMode) {
    watchLauncher(() => void store.close().finally(() => process.exit(0)));
    try {
      await runShell(app, {
        input: process.stdin,
        output: process.stdout,
        filesDir: path.join(config.dataDir, 'files'),
        interactive: process.stdin.isTTY === true,
        withJobs: true,
      });
    } finally {
      await store.close();
    }
    return;
  }

  const { startChannels } = await import('./channels.js');
  const running = await startChannels(app);
  const stop = () => running.stop();
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    try {
      await stop();
    } catch (err) {
      logger.error({ err }, 'error while stopping');
    }
    await store.close();
    process.exit(0);
  };
  watchLauncher(() => void shutdown('launcher gone'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

const isEntry = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isEntry) {
  main().catch((err) => {
    process.stderr.write(`Start-up failed: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  });
}
