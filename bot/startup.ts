/**
 * What every entry point (the bot, the admin CLI) does first: read the configuration and open
 * the store, stopping with one clear line when either is impossible.
 */
import path from 'node:path';
import { ConfigError, createConfig, type Config } from './config.js';
import { openStore, StoreLockedError, type Store } from '../db/store.js';

export function configOrExit(env: Record<string, string | undefined> = process.env): Config {
  try {
    return createConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
}

export async function openConfiguredStore(config: Config): Promise<Store> {
  return openStore({ databaseUrl: config.databaseUrl, dataDir: config.databaseUrl ? undefined : path.join(config.dataDir, 'pglite') });
}

export async function openStoreOrExit(config: Config): Promise<Store> {
  try {
    return await openConfiguredStore(config);
  } catch (err) {
    if (err instanceof StoreLockedError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
}
