/**
 * Imports an awards-history workbook into the store: parse and check every row first; if any
 * row is broken nothing is written and every problem is listed (sheet, row, column); otherwise
 * one transaction finds or creates each nominee and records each award, audited row by row.
 *
 * Trade-offs:
 * - A nominee is matched by kind, folded name and folded unit (and birth year when the sheet
 *   has one); two different people with the same name in the same unit and no birth year are
 *   taken as one. The sheet layout offices use has no better key.
 * - Collectives are created before individuals so an individual's "Đơn vị" links to the
 *   collective of that name (and a bot unit of that name), and the unit's history is one.
 * - Importing the same file twice adds nothing: an award is unique by nominee, year, form and
 *   decision number.
 */
import { scoped, type Scoped } from '../../db/scope.js';
import { awardsJurisdiction } from './awards-history.js';
import type { Store, Db } from '../../db/store.js';
import { auditLog } from '../../db/schema.js';
import {
  insertAwards,
  insertNominees,
  nomineesByNameKeys,
  type NewAward,
  type NewNominee,
  type NomineeRow,
} from '../../db/queries/awards.js';
import { listUnits } from '../../db/queries/directory.js';
import { foldName, type RuleSet } from '../../domain/commendation/index.js';
import { type Actor, auditedBy, canForEveryUnit, Forbidden } from '../../domain/authz.js';
import { currentRuleSet } from './awards-history.js';
import { describeIssue, parseAwardsWorkbook, type SheetIssue, type SheetRow } from './awards-sheet.js';

export class AwardsImportError extends Error {
  override name = 'AwardsImportError';
  constructor(readonly issues: SheetIssue[]) {
    const shown = issues.slice(0, 50).map(describeIssue);
    super(
      `Không nhập gì: ${issues.length} lỗi trong tệp.\n${shown.join('\n')}${issues.length > shown.length ? `\n… và ${issues.length - shown.length} lỗi khác.` : ''}`,
    );
  }
}

export interface AwardsImportResult {
  rows: number;
  nomineesCreated: number;
  awardsAdded: number;
  /** Rows already in the history (same nominee, year, form, decision). */
  duplicates: number;
  unmatchedForms: string[];
  dryRun: boolean;
}

export async function importAwardsWorkbook(
  store: Store,
  actor: Actor,
  data: Uint8Array,
  opts: {
    fileName: string;
    now: Date;
    dryRun?: boolean;
    ruleSet?: RuleSet;
    /** Whose units the sheet names (default: the actor's, else the deployment's default). */
    jurisdictionId?: number;
  },
): Promise<AwardsImportResult> {
  const rs = opts.ruleSet ?? currentRuleSet(opts.now);
  const parsed = await parseAwardsWorkbook(data, rs, { thisYear: opts.now.getUTCFullYear() });
  if (parsed.issues.length > 0) throw new AwardsImportError(parsed.issues);
  const result: AwardsImportResult = {
    rows: parsed.rows.length,
    nomineesCreated: 0,
    awardsAdded: 0,
    duplicates: 0,
    unmatchedForms: parsed.unmatchedForms,
    dryRun: !!opts.dryRun,
  };
  if (opts.dryRun) return result;
  const source = `import:${opts.fileName}`.slice(0, 200);
  await store.tx(async (tx) =>
    writeRows(tx, actor, parsed.rows, {
      source,
      now: opts.now,
      result,
      scope: scoped(tx, await awardsJurisdiction(tx, actor, opts.jurisdictionId)),
    }),
  );
  return result;
}

/** Audit rows of an import, inserted in chunks (the same columns writeAudit fills). */
async function insertAudits(
  tx: Db,
  actor: Actor,
  entries: Array<{ action: string; entity: string; entityId: number; unitId: number | null; after: unknown }>,
  now: Date,
) {
  const rows = entries.map((e) => ({
    at: now,
    ...auditedBy(actor),
    action: e.action,
    entity: e.entity,
    entityId: String(e.entityId),
    unitId: e.unitId,
    before: null,
    after: e.after,
  }));
  for (let i = 0; i < rows.length; i += 500) await tx.insert(auditLog).values(rows.slice(i, i + 500));
}

/**
 * Set-wise writing: one query for the nominees the sheet may name, one insert per 500 new
 * nominees and per 500 awards, audit rows likewise. Row by row through the service cost about
 * five statements a row (37 rows/s on PGlite on the shared machine).
 */
async function writeRows(
  tx: Db,
  actor: Actor,
  rows: SheetRow[],
  ctx: { source: string; now: Date; result: AwardsImportResult; scope: Scoped },
): Promise<void> {
  // The import is the office's: it names nominees of every unit.
  if (!canForEveryUnit(actor, 'awards.manage')) throw new Forbidden('awards.manage', actor);
  const botUnits = new Map((await listUnits(ctx.scope)).map((u) => [foldName(u.name), u.id]));
  const keys = new Set<string>();
  for (const r of rows) {
    keys.add(foldName(r.name));
    if (r.unit) keys.add(foldName(r.unit));
  }
  const known = await nomineesByNameKeys(tx, [...keys]);
  const match = (kind: string, nameKey: string, unitKey: string | undefined, birthYear: number | null) =>
    known.find(
      (n) =>
        n.kind === kind &&
        n.nameKey === nameKey &&
        (unitKey === undefined || n.unitKey === unitKey) &&
        (birthYear == null || n.birthYear == null || n.birthYear === birthYear),
    );
  const rowKey = (r: SheetRow) => `${r.kind}|${foldName(r.name)}|${foldName(r.unit ?? '')}|${r.birthYear ?? ''}`; // = nominee's kind|nameKey|unitKey|birthYear
  const nomineeOf = new Map<string, NomineeRow>();

  // Collectives first, so the people of a unit named in the same sheet link to it.
  for (const phase of [(r: SheetRow) => r.kind === 'collective', (r: SheetRow) => r.kind !== 'collective']) {
    const fresh = new Map<string, { row: SheetRow; values: NewNominee }>();
    for (const r of rows.filter(phase)) {
      const k = rowKey(r);
      if (nomineeOf.has(k) || fresh.has(k)) continue;
      const nameKey = foldName(r.name);
      const unitKey = foldName(r.unit ?? '');
      const found = match(r.kind, nameKey, unitKey, r.birthYear);
      if (found) {
        nomineeOf.set(k, found);
        continue;
      }
      const unitCollective =
        r.kind !== 'collective' && unitKey ? match('collective', unitKey, undefined, null) : undefined;
      const botUnitId =
        r.kind === 'collective' ? botUnits.get(nameKey) : (unitCollective?.botUnitId ?? botUnits.get(unitKey));
      fresh.set(k, {
        row: r,
        values: {
          kind: r.kind,
          name: r.name,
          nameKey,
          birthYear: r.birthYear,
          position: r.position,
          unitName: r.unit,
          unitKey,
          unitNomineeId: unitCollective?.id ?? null,
          botUnitId: botUnitId ?? null,
          createdAt: ctx.now,
          updatedAt: ctx.now,
        },
      });
    }
    const created = await insertNominees(
      tx,
      [...fresh.values()].map((f) => f.values),
    );
    // Matched back by content, not by position: RETURNING promises no order.
    for (const n of created) {
      nomineeOf.set(`${n.kind}|${n.nameKey}|${n.unitKey}|${n.birthYear ?? ''}`, n);
      known.push(n);
    }
    ctx.result.nomineesCreated += created.length;
    await insertAudits(
      tx,
      actor,
      created.map((n) => ({
        action: 'nominee.create',
        entity: 'nominee',
        entityId: n.id,
        unitId: n.botUnitId,
        after: { kind: n.kind, name: n.name, unitName: n.unitName, source: ctx.source },
      })),
      ctx.now,
    );
  }

  const values: NewAward[] = rows.map((r) => ({
    nomineeId: nomineeOf.get(rowKey(r))!.id,
    year: r.year,
    titleCode: r.titleCode,
    formName: r.form,
    formKey: foldName(r.form),
    type: r.type,
    decisionNo: r.decisionNo ?? '',
    decisionDate: r.date,
    issuer: r.issuer,
    source: ctx.source,
    createdAt: ctx.now,
  }));
  // Two rows of one sheet that are the same award count once.
  const seen = new Set<string>();
  const unique = values.filter((v) => {
    const k = `${v.nomineeId}|${v.year}|${v.formKey}|${v.decisionNo}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  const added = await insertAwards(tx, unique);
  ctx.result.awardsAdded = added.length;
  ctx.result.duplicates = rows.length - added.length;
  const byId = new Map([...nomineeOf.values()].map((n) => [n.id, n]));
  const unitOf = (n: NomineeRow) =>
    n.botUnitId ?? (n.unitNomineeId != null ? (byId.get(n.unitNomineeId)?.botUnitId ?? null) : null);
  await insertAudits(
    tx,
    actor,
    added.map((a) => {
      const n = byId.get(a.nomineeId)!;
      return {
        action: 'award.record',
        entity: 'award_record',
        entityId: a.id,
        unitId: unitOf(n),
        after: {
          nominee: n.name,
          year: a.year,
          form: a.formName,
          titleCode: a.titleCode,
          decisionNo: a.decisionNo,
          source: a.source,
        },
      };
    }),
    ctx.now,
  );
}
