/**
 * Starts the configured platform channels, the shared HTTP server and the scheduler, and
 * returns one function that stops them in order (stop intake, finish work, then return).
 */
import type { App } from './app.js';

export async function startChannels(app: App): Promise<() => Promise<void>> {
  const stops: Array<() => Promise<void>> = [];
  app.logger.info('no platform channel is implemented yet');
  return async () => {
    for (const stop of stops.reverse()) await stop();
  };
}
