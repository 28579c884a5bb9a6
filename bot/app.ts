/**
 * Builds the application from explicit dependencies: no module does work at import time,
 * so tests assemble exactly the pieces they need.
 */
import type { ChannelAdapter } from './channel.js';
import type { Config } from './config.js';
import type { Logger } from './logger.js';
import { createEngine, type Engine } from '../handlers/engine/index.js';
import { CANCEL_FLOW, FALLBACK_FLOW, createFlows } from '../handlers/flows/index.js';
import type { Channel, Clock } from '../handlers/types.js';
import type { Store } from '../db/store.js';
import { createDeliverer, type Deliverer } from '../jobs/deliverer.js';
import { createScheduler, type Scheduler } from '../jobs/scheduler.js';
import { DEFAULT_POLICY, type WorkCalendar } from '../domain/reminders/policy.js';
import { createSecretBox, type SecretBox } from '../db/secret-box.js';
import { createFileArchive, type FileArchive } from './files/archive.js';
import { createBlobStore } from './files/blob-store.js';

export interface App {
  config: Config;
  store: Store;
  engine: Engine;
  clock: Clock;
  logger: Logger;
  /** Seals platform tokens stored in the database (`SECRETS_KEY`). */
  secrets: SecretBox;
  /** The attachment archive: downloads what people send and stores it (`FILES_S3_*`). */
  files: FileArchive;
}

export function createApp(deps: {
  config: Config;
  store: Store;
  clock: Clock;
  logger: Logger;
  files?: FileArchive;
}): App {
  const files =
    deps.files ??
    createFileArchive({
      store: deps.store,
      blobs: createBlobStore(deps.config.files.s3),
      logger: deps.logger,
      maxBytes: deps.config.maxFileBytes,
      now: () => deps.clock.now(),
    });
  const engine = createEngine({
    store: deps.store,
    clock: deps.clock,
    logger: deps.logger,
    settings: {
      timezone: deps.config.timezone,
      defaultLocale: deps.config.defaultLocale,
      maxFileBytes: deps.config.maxFileBytes,
      inviteTtlDays: deps.config.inviteTtlDays,
      csvStyle: deps.config.csvStyle,
      files,
    },
    flows: createFlows({ calendar: deps.config.reminders }),
    cancelFlow: CANCEL_FLOW,
    fallbackFlow: FALLBACK_FLOW,
    // PGlite runs one statement at a time; a server overlaps a few transactions.
    batching: { maxBatch: 50, maxInFlight: deps.store.driver === 'pglite' ? 1 : 4 },
    deadlineMs: deps.config.updateDeadlineMs,
    intake: (event) => files.intake(event),
  });
  return { ...deps, engine, files, secrets: createSecretBox(deps.config.secrets) };
}

export function workCalendar(config: Config): WorkCalendar {
  return {
    timezone: config.timezone,
    workingDays: config.reminders.workingDays,
    windowStart: config.reminders.windowStart,
    windowEnd: config.reminders.windowEnd,
  };
}

/** The outbox deliverer and the reminder scheduler of one process, over its channels. */
export function createJobs(
  app: App,
  adapters: ReadonlyMap<Channel, ChannelAdapter>,
  opts: { worker?: string; batchSize?: number } = {},
): { deliverer: Deliverer; scheduler: Scheduler } {
  const deliverer = createDeliverer({
    store: app.store,
    engine: app.engine,
    adapters,
    clock: app.clock,
    logger: app.logger,
    timezone: app.config.timezone,
    defaultLocale: app.config.defaultLocale,
    maxAttempts: app.config.outbox.maxAttempts,
    leaseMs: app.config.outbox.leaseSeconds * 1000,
    worker: opts.worker,
    batchSize: opts.batchSize,
  });
  const scheduler = createScheduler({
    store: app.store,
    clock: app.clock,
    logger: app.logger,
    calendar: workCalendar(app.config),
    policy: DEFAULT_POLICY,
    digestAt: DEFAULT_POLICY.onDayAt,
    onQueued: () => deliverer.wake(),
    retention: { outboxRetentionDays: app.config.retention.outboxDays },
  });
  return { deliverer, scheduler };
}
