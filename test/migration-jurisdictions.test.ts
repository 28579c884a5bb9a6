/**
 * Upgrading an installation from before the tree (one issuer in `settings`, one flat list of
 * units): the migration makes it one jurisdiction with the names it had, every local row in
 * it, and the bot then reads them as before. Run on PGlite against the migrations as shipped:
 * the first three bring the old schema, old rows are written by hand, the rest upgrade it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { sql } from 'drizzle-orm';
import { MIGRATIONS_DIR, rowsOf } from '../db/store.js';
import { scoped } from '../db/scope.js';
import { findUnitByCode, listPeople } from '../db/queries/directory.js';
import { listJurisdictions } from '../db/queries/jurisdictions.js';
import type { Db } from '../db/store.js';

/** A copy of the migrations folder holding only the first `n` of them. */
function firstMigrations(n: number): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mig-'));
  fs.mkdirSync(path.join(dir, 'meta'));
  const journal = JSON.parse(fs.readFileSync(path.join(MIGRATIONS_DIR, 'meta', '_journal.json'), 'utf8')) as {
    entries: Array<{ tag: string }>;
  };
  const kept = journal.entries.slice(0, n);
  fs.writeFileSync(path.join(dir, 'meta', '_journal.json'), JSON.stringify({ ...journal, entries: kept }));
  for (const e of kept) fs.copyFileSync(path.join(MIGRATIONS_DIR, `${e.tag}.sql`), path.join(dir, `${e.tag}.sql`));
  return dir;
}

describe('an installation from before the jurisdictions tree', () => {
  it('becomes one jurisdiction with its issuer, office and code, and every row stays readable', async () => {
    const client = await PGlite.create();
    const db = drizzle({ client }) as unknown as Db;
    try {
      await migrate(drizzle({ client }), { migrationsFolder: firstMigrations(3) });
      await db.execute(sql`insert into settings (key, value) values
        ('issuer', '"Ủy ban nhân dân xã Hòa An"'), ('issuer_level', '"xa"'),
        ('office_name', '"Văn phòng HĐND và UBND xã Hòa An"'),
        ('jurisdiction', '{"code": "hoa-an", "name": "Xã Hòa An"}'), ('secret.zalo', '"kept"')`);
      await db.execute(sql`insert into units (code, name, kind, is_office) values
        ('vp', 'Văn phòng xã Hòa An', 'office', true), ('th', 'Trường Tiểu học Hòa An', 'school', false)`);
      await db.execute(sql`insert into people (code, full_name, unit_id, role)
        select 'admin-1', 'Nông Văn An', id, 'admin' from units where code = 'vp'`);
      await db.execute(
        sql`insert into rule_params (code, value, label) values ('cstdcs_max_share_of_ldtt', 0.15, 'Tỷ lệ')`,
      );

      await migrate(drizzle({ client }), { migrationsFolder: MIGRATIONS_DIR });

      const [j, ...more] = await listJurisdictions(db);
      expect(more).toEqual([]);
      expect(j).toMatchObject({
        code: 'hoa-an',
        name: 'Xã Hòa An',
        level: 'xa',
        issuer: 'Ủy ban nhân dân xã Hòa An',
        officeName: 'Văn phòng HĐND và UBND xã Hòa An',
        parentId: null,
      });
      const here = scoped(db, j!.id);
      expect((await findUnitByCode(here, 'th'))!.name).toBe('Trường Tiểu học Hòa An');
      expect((await listPeople(here)).map((p) => p.person.fullName)).toEqual(['Nông Văn An']);
      // The names moved into the jurisdiction's row; the installation's own settings stay.
      const keys = rowsOf<{ key: string }>(await db.execute(sql`select key from settings order by key`));
      expect(keys.map((r) => r.key)).toEqual(['secret.zalo']);
    } finally {
      await client.close();
    }
  }, 60_000);

  it('leaves an empty database empty: no jurisdiction is invented', async () => {
    const client = await PGlite.create();
    try {
      await migrate(drizzle({ client }), { migrationsFolder: MIGRATIONS_DIR });
      expect(await listJurisdictions(drizzle({ client }) as unknown as Db)).toEqual([]);
    } finally {
      await client.close();
    }
  }, 60_000);
});
