/**
 * Retention (finding 10): finished outbox rows older than OUTBOX_RETENTION_DAYS go in the
 * hourly housekeeping of the scheduler (pending ones never, and two instances pruning at once
 * do not get in each other's way); the audit log is never pruned by housekeeping, only by
 * `npm run admin -- audit-prune`, which exports what it deletes and is audited itself.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, eq, sql } from 'drizzle-orm';
import { runCli } from '../bot/admin-cli.js';
import { createJobs } from '../bot/app.js';
import { createConfig } from '../bot/config.js';
import { writeAudit } from '../db/queries/audit.js';
import { pruneOutbox } from '../db/queries/retention.js';
import { auditLog, outbox } from '../db/schema.js';
import { openStore, type Store } from '../db/store.js';
import { createTestApp, type TestApp } from './helpers/app.js';

const DAY = 86_400_000;
let app: TestApp;
let dir: string;

beforeAll(async () => {
  app = await createTestApp({ env: { OUTBOX_RETENTION_DAYS: '100', SCHEDULER: 'off' }, now: '2026-11-26T02:00:00Z' });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'thidua-retention-'));
});
afterAll(async () => {
  await app?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function addOutbox(key: string, status: string, ageDays: number): Promise<void> {
  const at = new Date(app.clock.now().getTime() - ageDays * DAY);
  const personId = await app.personId('admin1');
  await app.store.db
    .insert(outbox)
    .values({ key, kind: 'notice', personId, payload: {}, dueAt: at, status, createdAt: at });
}
const keys = async () =>
  (
    await app.store.db
      .select({ key: outbox.key })
      .from(outbox)
      .where(sql`${outbox.key} like 'ret:%'`)
      .orderBy(asc(outbox.key))
  ).map((r) => r.key);

describe('outbox retention', () => {
  it('the hourly housekeeping deletes finished rows older than OUTBOX_RETENTION_DAYS, never pending ones', async () => {
    await addOutbox('ret:old-sent', 'sent', 150);
    await addOutbox('ret:old-failed', 'failed', 101);
    await addOutbox('ret:old-cancelled', 'cancelled', 300);
    await addOutbox('ret:old-pending', 'pending', 200);
    await addOutbox('ret:old-sending', 'sending', 200);
    await addOutbox('ret:young-sent', 'sent', 99);
    await writeAudit(
      app.store.db,
      { actorPersonId: null, actorAccount: 'test', action: 'old.thing', entity: 'x' },
      new Date(app.clock.now().getTime() - 900 * DAY),
    );

    const { scheduler } = createJobs(app, new Map());
    await scheduler.tick();
    expect(await keys()).toEqual(['ret:old-pending', 'ret:old-sending', 'ret:young-sent']);
    // The audit log is the office's record: housekeeping leaves it alone, however old.
    expect((await app.store.db.select().from(auditLog).where(eq(auditLog.action, 'old.thing'))).length).toBe(1);
  });

  it('two instances pruning at once split the rows between them and both finish', async () => {
    for (let i = 0; i < 40; i++) await addOutbox(`ret:bulk-${String(i).padStart(2, '0')}`, 'sent', 500);
    const second = await secondStore(app.store);
    try {
      const cutoff = new Date(app.clock.now().getTime() - 100 * DAY);
      const [a, b] = await Promise.all([pruneOutbox(app.store.db, cutoff), pruneOutbox(second.db, cutoff)]);
      expect(a + b).toBe(40);
    } finally {
      if (second !== app.store) await second.close();
    }
    expect(await keys()).toEqual(['ret:old-pending', 'ret:old-sending', 'ret:young-sent']);
  });

  it('OUTBOX_RETENTION_DAYS is validated (30 to 36500, default 400)', () => {
    expect(createConfig({}).retention.outboxDays).toBe(400);
    expect(() => createConfig({ OUTBOX_RETENTION_DAYS: '7' })).toThrow(
      /OUTBOX_RETENTION_DAYS must be a whole number from 30 to 36500/,
    );
  });
});

describe('audit-prune', () => {
  const cli = async (args: string[]) => {
    const lines: string[] = [];
    await runCli(args, { store: app.store, config: app.config, out: (l) => lines.push(l), now: () => app.clock.now() });
    return lines;
  };

  it('refuses without an export file, with a bad date or a date in the future, and changes nothing', async () => {
    const count = async () => (await app.store.db.select({ id: auditLog.id }).from(auditLog)).length;
    const before = await count();
    await expect(cli(['audit-prune', '--before', '2026-01-01'])).rejects.toThrow(/--out/);
    await expect(cli(['audit-prune', '--before', '2026-02-30', '--out', path.join(dir, 'x.csv')])).rejects.toThrow(
      /ngày có thật/,
    );
    await expect(cli(['audit-prune', '--before', '2027-06-01', '--out', path.join(dir, 'x.csv')])).rejects.toThrow(
      /tương lai/,
    );
    expect(await count()).toBe(before);
  });

  it('exports the rows it deletes, deletes exactly those, and records itself in the audit log', async () => {
    const old = new Date('2025-03-01T08:00:00Z');
    await writeAudit(
      app.store.db,
      {
        actorPersonId: null,
        actorAccount: 'test',
        action: 'submission.submit',
        entity: 'submission',
        entityId: 7,
        after: { note: 'bản cũ, "có dấu"' },
      },
      old,
    );
    await writeAudit(
      app.store.db,
      { actorPersonId: null, actorAccount: 'test', action: 'keep.me', entity: 'x' },
      new Date('2026-05-01T00:00:00Z'),
    );
    const file = path.join(dir, 'nhat-ky-cu.csv');
    const [line] = await cli(['audit-prune', '--before', '2026-01-01', '--out', file]);
    expect(line).toMatch(/^Đã xuất rồi xoá 2 dòng nhật ký trước 2026-01-01/);
    const csv = fs.readFileSync(file, 'utf8');
    expect(csv.split('\n').filter(Boolean)).toHaveLength(3); // header + the two old rows (the 900-day one and this one)
    expect(csv).toContain('submission.submit');
    expect(csv).toContain('"{""note"":""bản cũ, \\""có dấu\\""""}"');
    const left = (await app.store.db.select().from(auditLog)).filter((r) => r.at < new Date('2026-01-01T00:00:00Z'));
    expect(left).toEqual([]);
    expect((await app.store.db.select().from(auditLog).where(eq(auditLog.action, 'keep.me'))).length).toBe(1);
    const [prune] = await app.store.db.select().from(auditLog).where(eq(auditLog.action, 'audit.prune'));
    expect(prune!.actorAccount).toBe('system:cli');
    expect(prune!.after).toMatchObject({ before: '2026-01-01', deleted: 2, export: 'nhat-ky-cu.csv' });
    expect((prune!.after as { sha256: string }).sha256).toMatch(/^[0-9a-f]{64}$/);
  });
});

/** A second connection pool to the same database on PostgreSQL; on PGlite the one store. */
async function secondStore(store: Store): Promise<Store> {
  if (store.driver !== 'postgres') return store;
  const rows = (await store.db.execute(sql`select current_database() as name`)) as Array<{ name: string }>;
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `/${rows[0]!.name}`;
  return openStore({ databaseUrl: url.toString(), maxConnections: 2 });
}
