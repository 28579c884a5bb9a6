/**
 * The awards history store and service on the real database: writes with their audit rows in
 * one transaction, a unit's merger and rename keeping its history, authorisation, and a
 * nominee's stored history checked by the eligibility engine.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, count, eq } from 'drizzle-orm';
import type { Store } from '../db/store.js';
import { auditLog, awardRecords, ruleParams, units } from '../db/schema.js';
import { Forbidden, type Actor } from '../domain/authz.js';
import {
  addNominee,
  AwardsHistoryError,
  checkNominee,
  closeFlag,
  linkPredecessor,
  loadNomineeHistory,
  markDissolved,
  raiseFlag,
  recordAward,
  recordInitiative,
  renameNominee,
  setRating,
} from '../handlers/services/awards-history.js';
import { addJurisdiction, onPostgres, openTestStore } from './helpers/db.js';

const SYS: Actor = { kind: 'system', name: 'test' };
const now = new Date('2026-01-15T03:00:00Z');
const asOf = '2026-01-15';

describe(`awards history on ${onPostgres ? 'PostgreSQL' : 'PGlite'}`, () => {
  let store: Store;
  let unitA: number;
  let unitB: number;
  let j = 0;
  const focal = (unitId: number): Actor => ({
    kind: 'person',
    personId: 99,
    fullName: 'Đầu mối',
    role: 'focal',
    unitId,
    unitName: 'A',
    jurisdictionId: j,
  });
  const admin = (unitId: number): Actor => ({
    kind: 'person',
    personId: 98,
    fullName: 'Văn phòng',
    role: 'admin',
    unitId,
    unitName: 'VP',
    jurisdictionId: j,
  });
  const audits = async () => Number((await store.db.select({ n: count() }).from(auditLog))[0]!.n);

  beforeAll(async () => {
    store = await openTestStore();
    j = await addJurisdiction(store.db);
    const rows = await store.db
      .insert(units)
      .values([
        { jurisdictionId: j, code: 'xa-binh-lu', name: 'UBND xã Bình Lư', kind: 'commune' },
        { jurisdictionId: j, code: 'xa-khun-ha', name: 'UBND xã Khun Há', kind: 'commune' },
      ])
      .returning();
    unitA = rows[0]!.id;
    unitB = rows[1]!.id;
  });
  afterAll(async () => {
    await store.close();
  });

  it('an individual’s awards and initiative make them eligible for CSTĐCS; each write has its audit row', async () => {
    const before = await audits();
    const id = await store.tx(async (tx) => {
      const p = await addNominee(
        tx,
        SYS,
        {
          kind: 'individual',
          name: 'Lò Thị Mai',
          birthYear: 1988,
          gender: 'nu',
          position: 'Giáo viên',
          unitName: 'Trường Tiểu học xã Bình Lư',
          botUnitId: unitA,
        },
        now,
      );
      await recordAward(
        tx,
        SYS,
        {
          nomineeId: p.id,
          year: 2025,
          formName: 'Lao động tiên tiến',
          decisionNo: '12/QĐ-UBND',
          decisionDate: '2025-12-20',
          issuer: 'Chủ tịch UBND xã Bình Lư',
          source: 'manual',
        },
        now,
      );
      await recordInitiative(
        tx,
        SYS,
        {
          nomineeId: p.id,
          title: 'Dạy đọc song ngữ Mông – Việt',
          scope: 'co_so',
          year: 2025,
          recognisedBy: 'Hội đồng sáng kiến xã',
          recognisedOn: '2025-11-30',
        },
        now,
      );
      return p.id;
    });
    expect(await audits()).toBe(before + 3);
    const rows = await store.db.select().from(auditLog).where(eq(auditLog.action, 'award.record'));
    expect(rows.at(-1)!.unitId).toBe(unitA);
    expect(rows.at(-1)!.after).toMatchObject({ nominee: 'Lò Thị Mai', year: 2025, titleCode: 'lao_dong_tien_tien' });

    const v = await store.tx((tx) =>
      checkNominee(tx, SYS, id, { titleCode: 'chien_si_thi_dua_co_so', year: 2025, type: 'cong_trang', asOf }),
    );
    expect(v.status).toBe('eligible');
    const v2 = await store.tx((tx) =>
      checkNominee(tx, SYS, id, { titleCode: 'chien_si_thi_dua_cap_tinh', year: 2025, type: 'cong_trang', asOf }),
    );
    expect(v2.status).toBe('blocked');
    expect(v2.findings[0]!.message.vi).toContain('cần CSTĐCS năm 2023, 2024, 2025 — chưa có trong lịch sử khen thưởng');
  });

  it('the same award recorded twice is kept once, with one audit row', async () => {
    const p = await store.tx((tx) =>
      addNominee(tx, SYS, { kind: 'individual', name: 'Tẩn A Sài', unitName: 'Công an xã' }, now),
    );
    const before = await audits();
    const a = {
      nomineeId: p.id,
      year: 2024,
      formName: 'Chiến sĩ thi đua cơ sở',
      decisionNo: '5/QĐ-UBND',
      source: 'manual',
    };
    expect(await store.tx((tx) => recordAward(tx, SYS, a, now))).toBeDefined();
    expect(await store.tx((tx) => recordAward(tx, SYS, a, now))).toBeUndefined();
    expect(await store.db.select().from(awardRecords).where(eq(awardRecords.nomineeId, p.id))).toHaveLength(1);
    expect(await audits()).toBe(before + 1);
  });

  it('a failed write leaves neither the row nor its audit row', async () => {
    const p = await store.tx((tx) => addNominee(tx, SYS, { kind: 'individual', name: 'Vàng Thị Dua' }, now));
    const before = await audits();
    await expect(
      store.tx(async (tx) => {
        await recordAward(
          tx,
          SYS,
          { nomineeId: p.id, year: 2024, formName: 'Lao động tiên tiến', source: 'manual' },
          now,
        );
        await recordAward(
          tx,
          SYS,
          { nomineeId: p.id, year: 2024, formName: 'Giấy khen', decisionDate: '2024-13-40', source: 'manual' },
          now,
        );
      }),
    ).rejects.toThrow(AwardsHistoryError);
    expect(await store.db.select().from(awardRecords).where(eq(awardRecords.nomineeId, p.id))).toEqual([]);
    expect(await audits()).toBe(before);
  });

  it('a commune merged in 2025 keeps the history of its predecessors, through a rename', async () => {
    const { newId, oldId } = await store.tx(async (tx) => {
      const oldTown = await addNominee(tx, SYS, { kind: 'collective', name: 'UBND thị trấn Tam Đường' }, now);
      const newCommune = await addNominee(
        tx,
        SYS,
        { kind: 'collective', name: 'UBND xã Bình Lư', botUnitId: unitA },
        now,
      );
      await recordAward(
        tx,
        SYS,
        { nomineeId: oldTown.id, year: 2024, formName: 'Tập thể lao động xuất sắc', source: 'manual' },
        now,
      );
      await recordAward(
        tx,
        SYS,
        { nomineeId: newCommune.id, year: 2025, formName: 'Tập thể lao động xuất sắc', source: 'manual' },
        now,
      );
      await linkPredecessor(
        tx,
        SYS,
        { successorId: newCommune.id, predecessorId: oldTown.id, kind: 'merge', effectiveOn: '2025-07-01' },
        now,
      );
      await markDissolved(tx, SYS, oldTown.id, '2025-07-01', now);
      return { newId: newCommune.id, oldId: oldTown.id };
    });
    const h = await store.tx((tx) => loadNomineeHistory(tx, SYS, newId));
    expect(h.awards.map((a) => [a.holder, a.year, a.titleCode])).toEqual([
      [`n${oldId}`, 2024, 'tap_the_lao_dong_xuat_sac'],
      [`n${newId}`, 2025, 'tap_the_lao_dong_xuat_sac'],
    ]);
    expect(h.lineage).toEqual([{ successor: `n${newId}`, predecessor: `n${oldId}`, on: '2025-07-01', kind: 'merge' }]);

    // The dissolved predecessor itself can no longer be commended.
    const dissolved = await store.tx((tx) =>
      checkNominee(tx, SYS, oldId, { titleCode: 'giay_khen_chu_tich_ubnd_xa', year: 2025, type: 'cong_trang', asOf }),
    );
    expect(dissolved.status).toBe('blocked');
    expect(dissolved.findings.map((f) => f.rule)).toEqual(['UNIT-DISSOLVED']);

    // Renaming keeps the row, so the history stays; the audit row keeps the old name.
    await store.tx((tx) => renameNominee(tx, SYS, newId, 'Ủy ban nhân dân xã Bình Lư', now));
    const h2 = await store.tx((tx) => loadNomineeHistory(tx, SYS, newId));
    expect(h2.nominee.name).toBe('Ủy ban nhân dân xã Bình Lư');
    expect(h2.awards).toHaveLength(2);
    const [rename] = await store.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'nominee.rename'), eq(auditLog.entityId, String(newId))));
    expect(rename!.before).toEqual({ name: 'UBND xã Bình Lư' });

    // A second merge the other way round would make a cycle.
    await expect(
      store.tx((tx) =>
        linkPredecessor(
          tx,
          SYS,
          { successorId: oldId, predecessorId: newId, kind: 'merge', effectiveOn: '2025-07-01' },
          now,
        ),
      ),
    ).rejects.toThrow(/cycle/);
  });

  it('a pending complaint blocks; once concluded, the nominee is eligible again', async () => {
    const { id, flagId } = await store.tx(async (tx) => {
      const p = await addNominee(
        tx,
        SYS,
        { kind: 'individual', name: 'Chẻo Văn Lình', unitName: 'Phòng Kinh tế', botUnitId: unitA },
        now,
      );
      const f = await raiseFlag(
        tx,
        SYS,
        { nomineeId: p.id, kind: 'complaint', openedOn: '2025-12-01', note: 'Đơn thư ngày 01/12' },
        now,
      );
      return { id: p.id, flagId: f.id };
    });
    const nom = { titleCode: 'giay_khen_chu_tich_ubnd_xa', year: 2025, type: 'cong_trang' as const, asOf };
    const v = await store.tx((tx) => checkNominee(tx, SYS, id, nom));
    expect(v.status).toBe('blocked');
    expect(v.findings[0]!.rule).toBe('BLOCK-PENDING');
    await store.tx((tx) => closeFlag(tx, SYS, flagId, { closedOn: '2026-01-10' }, now));
    expect((await store.tx((tx) => checkNominee(tx, SYS, id, nom))).status).toBe('eligible');
    await expect(
      store.tx((tx) => closeFlag(tx, SYS, flagId, { closedOn: '2026-01-10', periodEnd: '2026-06-30' }, now)),
    ).rejects.toThrow(/only discipline/);
  });

  it('two years of HTXSNV with two initiatives meet the Bằng khen criterion', async () => {
    const id = await store.tx(async (tx) => {
      const p = await addNominee(tx, SYS, { kind: 'individual', name: 'Nguyễn Thị Hạnh', botUnitId: unitA }, now);
      await setRating(tx, SYS, p.id, 2024, 'htxs', now);
      await setRating(tx, SYS, p.id, 2025, 'htxs', now);
      await recordInitiative(
        tx,
        SYS,
        { nomineeId: p.id, title: 'Số hóa hồ sơ một cửa', scope: 'co_so', year: 2024 },
        now,
      );
      return p.id;
    });
    const nom = { titleCode: 'bang_khen_chu_tich_ubnd_tinh', year: 2025, type: 'cong_trang' as const, asOf };
    expect((await store.tx((tx) => checkNominee(tx, SYS, id, nom))).status).toBe('warning');
    await store.tx((tx) =>
      recordInitiative(tx, SYS, { nomineeId: id, title: 'Bản đồ số hộ nghèo', scope: 'co_so', year: 2025 }, now),
    );
    expect((await store.tx((tx) => checkNominee(tx, SYS, id, nom))).status).toBe('eligible');
  });

  it('the jurisdiction’s configured cap (rule_params) replaces the rule set’s 15 %', async () => {
    const id = await store.tx(async (tx) => {
      const p = await addNominee(tx, SYS, { kind: 'individual', name: 'Lý Văn Pao', botUnitId: unitA }, now);
      await recordAward(tx, SYS, { nomineeId: p.id, year: 2025, formName: 'LĐTT', source: 'manual' }, now);
      await recordInitiative(tx, SYS, { nomineeId: p.id, title: 'Ủ phân vi sinh', scope: 'co_so', year: 2025 }, now);
      return p.id;
    });
    const nom = { titleCode: 'chien_si_thi_dua_co_so', year: 2025, type: 'cong_trang' as const, asOf };
    const round = { unitCounts: { chien_si_thi_dua_co_so: 4, lao_dong_tien_tien: 20 } };
    expect((await store.tx((tx) => checkNominee(tx, SYS, id, nom, { round }))).status).toBe('warning');
    await store.db
      .insert(ruleParams)
      .values({ jurisdictionId: j, code: 'cstdcs_max_share_of_ldtt', value: 0.2, label: 'Tỷ lệ', uncertain: true });
    expect((await store.tx((tx) => checkNominee(tx, SYS, id, nom, { round }))).status).toBe('eligible');
    await store.db.delete(ruleParams).where(eq(ruleParams.code, 'cstdcs_max_share_of_ldtt'));
  });

  it('a stored override is carried onto the verdict', async () => {
    const p = await store.tx((tx) =>
      addNominee(tx, SYS, { kind: 'individual', name: 'Sùng A Chứ', botUnitId: unitA }, now),
    );
    const v = await store.tx((tx) =>
      checkNominee(
        tx,
        SYS,
        p.id,
        { titleCode: 'chien_si_thi_dua_co_so', year: 2025, type: 'cong_trang', asOf },
        {
          override: {
            by: 'Văn phòng',
            at: now.toISOString(),
            reason: 'Quyết định LĐTT năm 2025 đang chờ ký',
            rules: ['CSTDCS-LDTT-SK'],
          },
        },
      ),
    );
    expect([v.status, v.finalStatus]).toEqual(['blocked', 'eligible']);
  });

  it('only the office writes the history; a focal point reads only their own unit’s', async () => {
    const p = await store.tx((tx) =>
      addNominee(tx, SYS, { kind: 'individual', name: 'Giàng Thị Mỷ', botUnitId: unitA }, now),
    );
    await expect(
      store.tx((tx) =>
        recordAward(tx, focal(unitA), { nomineeId: p.id, year: 2025, formName: 'LĐTT', source: 'manual' }, now),
      ),
    ).rejects.toThrow(Forbidden);
    await expect(
      store.tx((tx) => addNominee(tx, focal(unitA), { kind: 'individual', name: 'X', botUnitId: unitA }, now)),
    ).rejects.toThrow(Forbidden);
    expect((await store.tx((tx) => loadNomineeHistory(tx, focal(unitA), p.id))).nominee.name).toBe('Giàng Thị Mỷ');
    await expect(store.tx((tx) => loadNomineeHistory(tx, focal(unitB), p.id))).rejects.toThrow(Forbidden);
    // A nominee of no bot unit is the office's alone.
    const loose = await store.tx((tx) => addNominee(tx, SYS, { kind: 'individual', name: 'Người ngoài danh bạ' }, now));
    await expect(store.tx((tx) => loadNomineeHistory(tx, focal(unitA), loose.id))).rejects.toThrow(Forbidden);
    expect((await store.tx((tx) => loadNomineeHistory(tx, admin(unitB), loose.id))).nominee.name).toBe(
      'Người ngoài danh bạ',
    );
    expect(
      await store.tx((tx) =>
        recordAward(tx, admin(unitB), { nomineeId: p.id, year: 2025, formName: 'LĐTT', source: 'manual' }, now),
      ),
    ).toBeDefined();
  });

  it('bad input is refused and changes nothing', async () => {
    const before = await audits();
    await expect(store.tx((tx) => addNominee(tx, SYS, { kind: 'individual', name: '   ' }, now))).rejects.toThrow(
      AwardsHistoryError,
    );
    await expect(
      store.tx((tx) => addNominee(tx, SYS, { kind: 'individual', name: 'A', birthYear: 3000 }, now)),
    ).rejects.toThrow(AwardsHistoryError);
    await expect(
      store.tx((tx) =>
        recordAward(tx, SYS, { nomineeId: 999_999, year: 2025, formName: 'LĐTT', source: 'manual' }, now),
      ),
    ).rejects.toThrow(/not_found|nominee/);
    expect(await audits()).toBe(before);
  });
});
