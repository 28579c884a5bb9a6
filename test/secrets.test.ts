/**
 * Secrets at rest (finding 10): the Zalo OA tokens are sealed with SECRETS_KEY in the
 * database, still work end to end through the real token manager and the fake OA API, survive a
 * key rotation by `npm run admin -- secrets-rotate`, and plain rows of older installations keep
 * working and are sealed on their next write.
 */
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { runCli } from '../bot/admin-cli.js';
import { Writable } from 'node:stream';
import { createApp } from '../bot/app.js';
import { startChannels } from '../bot/channels.js';
import { createConfig } from '../bot/config.js';
import { createLogger } from '../bot/logger.js';
import { createZaloOaChannel, seedOaTokens } from '../bot/zalo-oa/index.js';
import { auditLog, channelTokens } from '../db/schema.js';
import { createSecretBox, keyId, SecretBoxError } from '../db/secret-box.js';
import { createTestApp, type TestApp } from './helpers/app.js';
import { FakeZaloApi } from './fakes/zalo-api.js';

const KEY_A = crypto.randomBytes(32);
const KEY_B = crypto.randomBytes(32);
const FAST = { baseDelayMs: 5, maxDelayMs: 20 };

describe('the secret box (pure)', () => {
  const box = createSecretBox({ key: KEY_A });

  it('seals into a versioned envelope naming the key, and opens it again', () => {
    const sealed = box.seal('access-123', 'channel_tokens:zalo-oa:access');
    expect(sealed).toMatch(new RegExp(`^enc:v1:${keyId(KEY_A)}:[A-Za-z0-9_-]+$`));
    expect(sealed).not.toContain('access-123');
    expect(box.seal('access-123', 'c')).not.toBe(box.seal('access-123', 'c')); // fresh IV each time
    expect(box.open(sealed, 'channel_tokens:zalo-oa:access')).toBe('access-123');
  });

  it('refuses a value moved to another column, altered, or sealed with an unknown key', () => {
    const sealed = box.seal('refresh-9', 'channel_tokens:zalo-oa:refresh');
    expect(() => box.open(sealed, 'channel_tokens:zalo-oa:access')).toThrow(SecretBoxError);
    // A character well inside the base64 text: every one of its bits is data (the last
    // characters may carry padding bits that decode to the same bytes when changed).
    const at = sealed.length - 10;
    const flipped = sealed.slice(0, at) + (sealed[at] === 'A' ? 'B' : 'A') + sealed.slice(at + 1);
    expect(() => box.open(flipped, 'channel_tokens:zalo-oa:refresh')).toThrow(SecretBoxError);
    expect(() => createSecretBox({ key: KEY_B }).open(sealed, 'channel_tokens:zalo-oa:refresh')).toThrow(
      /neither SECRETS_KEY nor in SECRETS_KEY_PREVIOUS/,
    );
    expect(() => createSecretBox({}).open(sealed, 'channel_tokens:zalo-oa:refresh')).toThrow(SecretBoxError);
  });

  it('a former key still opens; plain values pass through; no key seals nothing', () => {
    const old = box.seal('x', 'c');
    const rotated = createSecretBox({ key: KEY_B, previous: [KEY_A] });
    expect(rotated.open(old, 'c')).toBe('x');
    expect(rotated.isCurrent(old)).toBe(false);
    expect(rotated.isCurrent(rotated.seal('x', 'c'))).toBe(true);
    expect(rotated.open('plain-token', 'c')).toBe('plain-token');
    const none = createSecretBox({});
    expect(none.encrypts).toBe(false);
    expect(none.seal('plain', 'c')).toBe('plain');
  });

  it('configuration accepts 32-byte keys in hex or base64 and refuses others without echoing them', () => {
    expect(createConfig({ SECRETS_KEY: KEY_A.toString('hex') }).secrets.key?.equals(KEY_A)).toBe(true);
    expect(
      createConfig({
        SECRETS_KEY: KEY_A.toString('base64'),
        SECRETS_KEY_PREVIOUS: KEY_B.toString('base64'),
      }).secrets.previous[0]?.equals(KEY_B),
    ).toBe(true);
    expect(() => createConfig({ SECRETS_KEY: 'too-short-secret' })).toThrow(
      /SECRETS_KEY must be 32 random bytes.*\(got "\*\*\*"\)/,
    );
    expect(createConfig({}).secrets.key).toBeUndefined();
  });
});

describe('Zalo OA tokens at rest', () => {
  let fake: FakeZaloApi;
  let app: TestApp;

  const env = (extra: Record<string, string>) => ({
    ZALO_OA_APP_ID: '111',
    ZALO_OA_APP_SECRET: 'app-secret',
    ZALO_OA_SECRET_KEY: 'oa-secret-key',
    ZALO_OA_ID: '222',
    ZALO_OA_API_ROOT: fake.url,
    ZALO_OA_OAUTH_ROOT: fake.url,
    ...extra,
  });
  const raw = async () =>
    (await app.store.db.select().from(channelTokens).where(eq(channelTokens.channel, 'zalo-oa')))[0]!;
  const cli = async (args: string[], extra: Record<string, string>) => {
    const lines: string[] = [];
    await runCli(args, {
      store: app.store,
      config: createConfig({ DATA_DIR: '/tmp/thidua-test', ...env(extra) }),
      out: (l) => lines.push(l),
      now: () => app.clock.now(),
    });
    return lines;
  };

  beforeAll(async () => {
    fake = await FakeZaloApi.start({ appSecret: 'app-secret' });
    app = await createTestApp({ env: env({ SECRETS_KEY: KEY_A.toString('hex') }) });
  });
  afterAll(async () => {
    await app?.close();
    await fake?.close();
  });

  it('the CLI stores the pair sealed; the channel sends with the real token; a refresh stores the new pair sealed', async () => {
    await cli(['zalo-oa-token', 'SEEDACCESS-7f3a', 'SEEDREFRESH-7f3a'], { SECRETS_KEY: KEY_A.toString('hex') });
    fake.grantOaTokens('SEEDACCESS-7f3a', 'SEEDREFRESH-7f3a');
    let row = await raw();
    expect(row.accessToken.startsWith(`enc:v1:${keyId(KEY_A)}:`)).toBe(true);
    expect(JSON.stringify(row)).not.toMatch(/SEEDACCESS|SEEDREFRESH/);

    const oa = createZaloOaChannel(app, { retry: FAST, tokenCheckIntervalMs: 0 });
    expect(await oa.tokens.getAccessToken()).toBe('SEEDACCESS-7f3a');
    const sent = await oa.send('u-1', { text: 'Xin chào' });
    expect(sent.ok).toBe(true);
    expect(fake.oaMessages('u-1')[0]!.request.headers['access_token']).toBe('SEEDACCESS-7f3a');

    app.clock.advance(50 * 60_000); // the seeded pair lives 1 h: now inside the refresh margin
    const fresh = await oa.tokens.getAccessToken();
    expect(fresh).toMatch(/^fake-access-/);
    row = await raw();
    expect(row.version).toBe(2);
    expect(row.accessToken).not.toContain('fake-access');
    expect(row.refreshToken).not.toContain('fake-refresh');
    expect(createSecretBox({ key: KEY_A }).open(row.accessToken, 'channel_tokens:zalo-oa:access')).toBe(fresh);
  });

  it('rotation: with a new key and the old one as previous, secrets-rotate re-seals; then the old key can go', async () => {
    const before = await raw();
    const rotateEnv = { SECRETS_KEY: KEY_B.toString('base64'), SECRETS_KEY_PREVIOUS: KEY_A.toString('hex') };
    const out = await cli(['secrets-rotate'], rotateEnv);
    expect(out.join('\n')).toContain('Đã mã hoá lại 1 bộ mã');
    const after = await raw();
    expect(after.accessToken.startsWith(`enc:v1:${keyId(KEY_B)}:`)).toBe(true);
    expect(after.version).toBe(before.version); // same tokens, same version
    expect(await cli(['secrets-rotate'], rotateEnv)).toEqual([
      'Đã mã hoá lại 0 bộ mã bằng khoá hiện tại. Có thể bỏ khoá cũ khỏi SECRETS_KEY_PREVIOUS.',
    ]);
    const audits = await app.store.db.select().from(auditLog).where(eq(auditLog.action, 'secrets.rotate'));
    expect(audits.map((a) => a.after)).toEqual([{ resealed: 1 }, { resealed: 0 }]);

    // Only the new key now: the channel still reads its token.
    const appB = { ...app, secrets: createSecretBox({ key: KEY_B }) };
    const oa = createZaloOaChannel(appB, { retry: FAST, tokenCheckIntervalMs: 0 });
    expect(await oa.tokens.getAccessToken()).toBe(
      createSecretBox({ key: KEY_B }).open(after.accessToken, 'channel_tokens:zalo-oa:access'),
    );
    // And without any key the row is refused with a clear reason, not used as a token.
    const oaNoKey = createZaloOaChannel(
      { ...app, secrets: createSecretBox({}) },
      { retry: FAST, tokenCheckIntervalMs: 0 },
    );
    await expect(oaNoKey.tokens.getAccessToken()).rejects.toThrow(/sealed with key/);
    await expect(cli(['secrets-rotate'], {})).rejects.toThrow(/Chưa đặt SECRETS_KEY/);
  });

  it('a plain row from before encryption keeps working and is sealed on its next write', async () => {
    await seedOaTokens(app.store, 'PLAINACCESS-1', 'PLAINREFRESH-1', app.clock.now()); // no box: as an old version wrote it
    fake.grantOaTokens('PLAINACCESS-1', 'PLAINREFRESH-1');
    expect((await raw()).accessToken).toBe('PLAINACCESS-1');
    const oa = createZaloOaChannel(
      { ...app, secrets: createSecretBox({ key: KEY_B }) },
      { retry: FAST, tokenCheckIntervalMs: 0 },
    );
    expect(await oa.tokens.getAccessToken()).toBe('PLAINACCESS-1');
    app.clock.advance(50 * 60_000);
    await oa.tokens.getAccessToken(); // the refresh is the next write
    const row = await raw();
    expect(row.accessToken.startsWith(`enc:v1:${keyId(KEY_B)}:`)).toBe(true);
    expect(row.refreshToken.startsWith(`enc:v1:${keyId(KEY_B)}:`)).toBe(true);
  });
});

describe('start-up without SECRETS_KEY', () => {
  it('warns that stored platform tokens are in plain text; with a key it does not', async () => {
    const test = await createTestApp({ env: { SCHEDULER: 'off' } });
    try {
      for (const env of [{}, { SECRETS_KEY: KEY_A.toString('hex') }]) {
        const lines: string[] = [];
        const sink = new Writable({ write: (c: Buffer, _e, done) => (lines.push(c.toString('utf8')), done()) });
        const config = createConfig({ DATA_DIR: '/tmp/thidua-test', SCHEDULER: 'off', ...env });
        const app = createApp({ config, store: test.store, clock: test.clock, logger: createLogger('info', sink) });
        const running = await startChannels(app, { adapters: [] });
        await running.stop();
        const warned = lines.some((l) => l.includes('SECRETS_KEY is not set'));
        expect(warned).toBe(!('SECRETS_KEY' in env));
      }
    } finally {
      await test.close();
    }
  });
});
