/**
 * The demo awards history of Bình Lư (data/lai-chau/binh-lu.awards.yaml) loaded through the admin
 * CLI on top of data/lai-chau/binh-lu.yaml: it holds eligible, warned and blocked nominees across
 * several years, and loading it twice adds nothing.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count } from 'drizzle-orm';
import type { Store } from '../db/store.js';
import { auditLog, awardRecords } from '../db/schema.js';
import { importDataFile } from '../handlers/services/data-import.js';
import { runCli } from '../bot/admin-cli.js';
import { createConfig } from '../bot/config.js';
import { checkNominee, loadNomineeHistory, nomineeByCode } from '../handlers/services/awards-history.js';
import type { Nomination, RoundContext } from '../domain/commendation/index.js';
import { onPostgres, openTestStore } from './helpers/db.js';

const now = new Date('2026-01-15T03:00:00Z');
const SYS = { kind: 'system', name: 'test' } as const;
const DEMO = 'data/lai-chau/binh-lu.awards.yaml';

describe(`demo awards history on ${onPostgres ? 'PostgreSQL' : 'PGlite'}`, () => {
  let store: Store;
  const config = createConfig({});
  const cli = async (...argv: string[]) => {
    const lines: string[] = [];
    await runCli(argv, { store, config, out: (l) => lines.push(l), now: () => now });
    return lines.join('\n');
  };
  const verdict = async (code: string, titleCode: string, round?: RoundContext) => {
    const n = (await nomineeByCode(store.db, code))!;
    const nomination: Nomination = { titleCode, year: 2025, type: 'cong_trang', asOf: '2026-01-15' };
    return store.tx((tx) => checkNominee(tx, SYS, n.id, nomination, { round }));
  };

  beforeAll(async () => {
    store = await openTestStore();
    await importDataFile(store, 'data/lai-chau/binh-lu.yaml', {
      timezone: config.timezone,
      now,
      actor: { personId: null, account: 'system:test' },
    });
  });
  afterAll(async () => {
    await store.close();
  });

  it('loads once; loading again adds nothing', async () => {
    expect(await cli('awards-load', DEMO)).toMatch(
      /thêm 10 đối tượng, 19 khen thưởng, 5 sáng kiến, 4 xếp loại, 2 vụ việc/,
    );
    const audits = Number((await store.db.select({ n: count() }).from(auditLog))[0]!.n);
    const awards = Number((await store.db.select({ n: count() }).from(awardRecords))[0]!.n);
    expect(await cli('awards-load', DEMO)).toContain(
      'thêm 0 đối tượng, 0 khen thưởng, 0 sáng kiến, 0 xếp loại, 0 vụ việc',
    );
    expect(Number((await store.db.select({ n: count() }).from(auditLog))[0]!.n)).toBe(audits);
    expect(Number((await store.db.select({ n: count() }).from(awardRecords))[0]!.n)).toBe(awards);
  });

  it('holds eligible, warned and blocked nominees', async () => {
    expect(
      (await verdict('cn-lo-thi-mai', 'chien_si_thi_dua_cap_tinh', { sameRoundTitles: ['chien_si_thi_dua_co_so'] }))
        .status,
    ).toBe('eligible');
    const son = await verdict('cn-tan-van-son', 'chien_si_thi_dua_cap_tinh');
    expect(son.status).toBe('blocked');
    expect(son.findings[0]!.message.vi).toContain('cần CSTĐCS năm 2024 — chưa có trong lịch sử khen thưởng');
    const hanh = await verdict('cn-nguyen-thi-hanh', 'bang_khen_chu_tich_ubnd_tinh');
    expect([hanh.status, hanh.findings.map((f) => f.rule)]).toEqual(['warning', ['BKT-CANHAN']]);
    expect((await verdict('cn-cheo-van-linh', 'giay_khen_chu_tich_ubnd_xa')).findings.map((f) => f.rule)).toEqual([
      'BLOCK-PENDING',
    ]);
    expect((await verdict('cn-vang-a-de', 'chien_si_thi_dua_cap_tinh')).findings.map((f) => f.rule).sort()).toEqual([
      'CSTDT-3CSTDCS',
      'DISCIPLINE-RESET',
    ]);
    expect(
      (await verdict('cn-giang-thi-my', 'giay_khen_chu_tich_ubnd_xa')).findings.map((f) => [f.rule, f.severity]),
    ).toEqual([['DOUBLE-REWARD', 'blocked']]);
    expect((await verdict('tt-phong-noi-vu-huyen', 'giay_khen_chu_tich_ubnd_xa')).findings.map((f) => f.rule)).toEqual([
      'UNIT-DISSOLVED',
    ]);
    // The school's thematic Giấy khen 2025 does not make a merit one a double reward.
    expect((await verdict('tt-truong-th', 'bang_khen_chu_tich_ubnd_tinh')).status).toBe('eligible');
  });

  it('the school carries its predecessor’s years', async () => {
    const n = (await nomineeByCode(store.db, 'tt-truong-th'))!;
    const h = await store.tx((tx) => loadNomineeHistory(tx, SYS, n.id));
    expect(h.awards.map((a) => [a.year, a.titleCode])).toEqual([
      [2023, 'tap_the_lao_dong_xuat_sac'],
      [2024, 'tap_the_lao_dong_xuat_sac'],
      [2025, 'giay_khen_chu_tich_ubnd_xa'],
    ]);
  });

  it('a broken file is refused with the field named and changes nothing', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'awards-demo-'));
    const bad = path.join(dir, 'bad.yaml');
    fs.writeFileSync(
      bad,
      fs.readFileSync(DEMO, 'utf8').replace('nominee: cn-lo-thi-mai, year: 2021', 'nominee: cn-nobody, year: 2021'),
    );
    await expect(cli('awards-load', bad)).rejects.toThrow(/bad\.yaml: awards\.0\.nominee: unknown nominee cn-nobody/);
    fs.writeFileSync(bad, fs.readFileSync(DEMO, 'utf8').replace('scope: tinh, year: 2024', 'scope: huyen, year: 2024'));
    await expect(cli('awards-load', bad)).rejects.toThrow(/bad\.yaml: initiatives\.0\.scope/);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
