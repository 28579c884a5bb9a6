import { describe, expect, it } from 'vitest';
import { ConfigError, createConfig, hasPlatformChannel } from '../bot/config.js';

describe('configuration', () => {
  it('has working defaults: PGlite in ./data, Vietnamese, Asia/Ho_Chi_Minh, shell mode', () => {
    const c = createConfig({});
    expect(c.databaseUrl).toBeUndefined();
    expect(c.dataDir).toBe('./data');
    expect(c.timezone).toBe('Asia/Ho_Chi_Minh');
    expect(c.defaultLocale).toBe('vi');
    expect(hasPlatformChannel(c)).toBe(false);
    expect(c.reminders).toEqual({ windowStart: '07:30', windowEnd: '17:30', workingDays: [1, 2, 3, 4, 5] });
  });

  it.each([
    [{ TIMEZONE: 'Mars/Base' }, /^Invalid configuration: TIMEZONE must be an IANA time zone/],
    [
      { DATABASE_URL: 'mysql://x' },
      /^Invalid configuration: DATABASE_URL must start with postgres:\/\/ or postgresql:\/\//,
    ],
    [{ DEFAULT_LOCALE: 'fr' }, /^Invalid configuration: DEFAULT_LOCALE must be vi or en \(got "fr"\)$/],
    [{ LOG_LEVEL: 'loud' }, /^Invalid configuration: LOG_LEVEL must be one of fatal, error/],
    [{ PORT: '99999' }, /^Invalid configuration: PORT must be a whole number from 1 to 65535/],
    [{ TELEGRAM_BOT_TOKEN: 'nope' }, /^Invalid configuration: TELEGRAM_BOT_TOKEN must look like/],
    [
      { TELEGRAM_BOT_TOKEN: '123:abcdefghijklmnopqrstuvwxyz', TELEGRAM_WEBHOOK_URL: 'https://x.example/tg' },
      /TELEGRAM_WEBHOOK_SECRET is required when TELEGRAM_WEBHOOK_URL is set/,
    ],
    [{ ZALO_OA_APP_ID: '1' }, /^Invalid configuration: ZALO_OA_APP_SECRET is required/],
    [{ REMINDER_WINDOW: '18:00-07:00' }, /REMINDER_WINDOW must end after it starts/],
    [{ WORKING_DAYS: '1,8' }, /WORKING_DAYS must be a comma-separated list/],
  ])('rejects %o with one line naming the variable', (env, message) => {
    let err: unknown;
    try {
      createConfig(env);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toMatch(message);
    expect((err as Error).message).not.toContain('\n');
  });

  it('never echoes a secret in the error', () => {
    expect(() => createConfig({ TELEGRAM_BOT_TOKEN: 'secret-value' })).toThrow(/got "\*\*\*"/);
  });

  it('enables channels from their tokens', () => {
    const c = createConfig({ TELEGRAM_BOT_TOKEN: '123456:abcdefghijklmnopqrstuvwxyz', ZALO_BOT_TOKEN: 'z' });
    expect(c.telegram?.apiRoot).toBe('https://api.telegram.org');
    expect(c.zaloBot?.apiRoot).toBe('https://bot-api.zaloplatforms.com');
    expect(hasPlatformChannel(c)).toBe(true);
  });

  it('has time limits and a start-up wait for the database, each with a default and a range', () => {
    const c = createConfig({});
    expect(c.database).toEqual({
      waitSeconds: 300,
      connectTimeoutSeconds: 10,
      statementTimeoutMs: 30_000,
      idleInTransactionTimeoutMs: 60_000,
    });
    expect(c.updateDeadlineMs).toBe(20_000);
    expect(c.inboundJournal.maxEvents).toBe(10_000);
    expect(
      createConfig({ DATABASE_STATEMENT_TIMEOUT_SECONDS: '0', DATABASE_WAIT_SECONDS: '0' }).database,
    ).toMatchObject({ statementTimeoutMs: 0, waitSeconds: 0 });
    expect(() => createConfig({ UPDATE_DEADLINE_SECONDS: '0' })).toThrow(
      /^Invalid configuration: UPDATE_DEADLINE_SECONDS must be a whole number from 1 to 300/,
    );
    expect(() => createConfig({ DATABASE_CONNECT_TIMEOUT_SECONDS: 'soon' })).toThrow(
      /DATABASE_CONNECT_TIMEOUT_SECONDS must be a whole number/,
    );
  });
});
