/**
 * Starts the configured platform channels, the shared HTTP server (webhooks and /healthz),
 * the outbox deliverer and the reminder scheduler, and returns one function that stops them
 * in order: stop intake, finish work in flight, then return (the caller closes the store).
 */
import { createJobs, type App } from './app.js';
import type { ChannelAdapter } from './channel.js';
import { createHttpServer, HEALTH_DEADLINE_MS, type HttpServer } from './http/server.js';
import { createTelegramChannel } from './telegram/index.js';
import { createZaloBotChannel } from './zalo-bot/index.js';
import { createZaloOaChannel } from './zalo-oa/index.js';
import { scoped } from '../db/scope.js';
import { defaultJurisdiction } from '../db/queries/jurisdictions.js';
import { enqueue } from '../db/queries/outbox.js';
import { officeAdmins } from '../handlers/services/submissions.js';
import type { Channel } from '../handlers/types.js';

const ARCHIVE_RETRY_MS = 10 * 60_000;

export interface RunningChannels {
  adapters: ReadonlyMap<Channel, ChannelAdapter>;
  http?: HttpServer;
  port?: number;
  stop(): Promise<void>;
}

export function createAdapters(app: App): ChannelAdapter[] {
  const adapters: ChannelAdapter[] = [];
  if (app.config.telegram) {
    // A rejected token stops polling for good: exit non-zero so a supervisor notices.
    adapters.push(
      createTelegramChannel(app, { onFatal: () => ((process.exitCode = 1), process.kill(process.pid, 'SIGTERM')) }),
    );
  }
  if (app.config.zaloBot) adapters.push(createZaloBotChannel(app, { publicBaseUrl: app.config.zaloBot.publicBaseUrl }));
  const oa = app.config.zaloOa;
  if (oa) {
    adapters.push(
      createZaloOaChannel(app, {
        webhookPath: oa.webhookPath,
        templateFieldMap: oa.reminderTemplateMap,
        buttonTemplateType: oa.buttonTemplateType,
        buttonType: oa.buttonType,
        onNeedsReconsent: (reason) => notifyReconsent(app, reason),
      }),
    );
  }
  return adapters;
}

/**
 * A failed OA token refresh: the deployment's operators (the office admins of its default,
 * top-level jurisdiction — the province in a province-wide bot) hear about it on their other
 * channels.
 */
async function notifyReconsent(app: App, reason: string): Promise<void> {
  const now = app.clock.now();
  const day = now.toISOString().slice(0, 10);
  const top = await defaultJurisdiction(app.store.db);
  if (!top) return;
  const here = scoped(app.store.db, top.id);
  const admins = await officeAdmins(here);
  await enqueue(
    here,
    admins.map((personId) => ({
      key: `zalo-oa-reconsent:${day}:${personId}`,
      kind: 'notice',
      personId,
      dueAt: now,
      payload: { type: 'notice', msg: 'notice.zalo_oa_reconsent', vars: { reason } },
    })),
    now,
  );
}

export async function startChannels(
  app: App,
  opts: { adapters?: ChannelAdapter[]; worker?: string } = {},
): Promise<RunningChannels> {
  const list = opts.adapters ?? createAdapters(app);
  const adapters = new Map<Channel, ChannelAdapter>(list.map((a) => [a.channel, a]));
  const routes = list.flatMap((a) => a.routes);
  let http: HttpServer | undefined;
  let port: number | undefined;
  // The HTTP server serves webhooks and the health check; it starts only when a channel
  // receives by webhook, or when PORT is set explicitly for a health check behind a proxy.
  if (routes.length > 0 || process.env.PORT) {
    http = createHttpServer({ routes, healthCheck: () => app.store.ping(HEALTH_DEADLINE_MS), logger: app.logger });
    port = await http.listen(app.config.port);
    app.logger.info({ port, routes: routes.map((r) => `${r.method} ${r.path}`) }, 'http server listening');
  }
  for (const a of list) if (a.fetchFile) app.files.register(a.channel, a.fetchFile);
  for (const a of list) await a.start();
  const { deliverer, scheduler } = createJobs(app, adapters, { worker: opts.worker });
  // Attachments saved while their platform was unreachable are archived later (bot/files/archive.ts).
  const archiveRetry = setInterval(() => {
    void app.files
      .retryPending()
      .catch((err: unknown) => app.logger.warn({ err: (err as Error).message }, 'attachment archive retry failed'));
  }, ARCHIVE_RETRY_MS);
  archiveRetry.unref();
  const scheduling = app.config.scheduler ?? true;
  if (scheduling) {
    scheduler.start();
    deliverer.start();
    void scheduler.tick().catch((err) => app.logger.error({ err }, 'first tick failed'));
  }
  app.logger.info({ channels: [...adapters.keys()], scheduler: scheduling }, 'thidua-bot started');
  if (!app.secrets.encrypts) {
    app.logger.warn(
      'SECRETS_KEY is not set: platform tokens stored in the database (Zalo OA) are kept in plain text; see README "Secrets at rest"',
    );
  }

  return {
    adapters,
    http,
    port,
    async stop() {
      clearInterval(archiveRetry);
      await http?.close();
      for (const a of [...list].reverse()) await a.stop();
      await scheduler.stop();
      await deliverer.stop();
    },
  };
}
