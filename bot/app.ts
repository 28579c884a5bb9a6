/**
 * Builds the application from explicit dependencies: no module does work at import time,
 * so tests assemble exactly the pieces they need.
 */
import type { Config } from './config.js';
import type { Logger } from './logger.js';
import { createEngine, type Engine } from '../handlers/engine.js';
import { CANCEL_FLOW, FALLBACK_FLOW, FLOWS } from '../handlers/flows/index.js';
import type { Clock } from '../handlers/types.js';
import type { Store } from '../db/store.js';

export interface App {
  config: Config;
  store: Store;
  engine: Engine;
  clock: Clock;
  logger: Logger;
}

export function createApp(deps: { config: Config; store: Store; clock: Clock; logger: Logger }): App {
  const engine = createEngine({
    store: deps.store,
    clock: deps.clock,
    logger: deps.logger,
    settings: {
      timezone: deps.config.timezone,
      defaultLocale: deps.config.defaultLocale,
      maxFileBytes: deps.config.maxFileBytes,
      inviteTtlDays: deps.config.inviteTtlDays,
    },
    flows: FLOWS,
    cancelFlow: CANCEL_FLOW,
    fallbackFlow: FALLBACK_FLOW,
  });
  return { ...deps, engine };
}
