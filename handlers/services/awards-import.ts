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
import type { Store, Db } from '../../db/store.js';
import { findNomineeMatches, type NomineeRow } from '../../db/queries/awards.js';
import { listUnits } from '../../db/queries/directory.js';
import { foldName, type RuleSet } from '../../domain/commendation/index.js';
import type { Actor } from '../authz.js';
import { addNominee, currentRuleSet, recordAward } from './awards-history.js';
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
  opts: { fileName: string; now: Date; dryRun?: boolean; ruleSet?: RuleSet },
): Promise<AwardsImportResult> {
  const rs = opts.ruleSet ?? currentRuleSet(opts.now);
  const parsed = await parseAwardsWorkbook(data, rs, { thisYear: opts.now.getUTCFullYear() });
  if (parsed.issues.length > 0) throw new AwardsImportError(parsed.issues);
  const result: AwardsImportResult = { rows: parsed.rows.length, nomineesCreated: 0, awardsAdded: 0, duplicates: 0, unmatchedForms: parsed.unmatchedForms, dryRun: !!opts.dryRun };
  if (opts.dryRun) return result;
  const source = `import:${opts.fileName}`.slice(0, 200);
  await store.tx(async (tx) => {
    const botUnits = new Map((await listUnits(tx)).map((u) => [foldName(u.name), u.id]));
    const collectives = new Map<string, NomineeRow>();
    const cache = new Map<string, NomineeRow>();
    const ordered = [...parsed.rows].sort((a, b) => rank(a) - rank(b));
    for (const r of ordered) {
      const n = await nomineeFor(tx, actor, r, { botUnits, collectives, cache, now: opts.now, created: () => result.nomineesCreated++ });
      const added = await recordAward(
        tx,
        actor,
        { nomineeId: n.id, year: r.year, formName: r.form, titleCode: r.titleCode, type: r.type, decisionNo: r.decisionNo, decisionDate: r.date, issuer: r.issuer, source },
        opts.now,
        rs,
      );
      if (added) result.awardsAdded++;
      else result.duplicates++;
    }
  });
  return result;
}

const rank = (r: SheetRow) => (r.kind === 'collective' ? 0 : 1);

async function nomineeFor(
  tx: Db,
  actor: Actor,
  r: SheetRow,
  ctx: { botUnits: Map<string, number>; collectives: Map<string, NomineeRow>; cache: Map<string, NomineeRow>; now: Date; created: () => void },
): Promise<NomineeRow> {
  const nameKey = foldName(r.name);
  const unitKey = foldName(r.unit ?? '');
  const cacheKey = `${r.kind}|${nameKey}|${unitKey}|${r.birthYear ?? ''}`;
  const hit = ctx.cache.get(cacheKey);
  if (hit) return hit;
  let n = (await findNomineeMatches(tx, { kind: r.kind, nameKey, unitKey, birthYear: r.birthYear }))[0];
  if (!n) {
    const unitCollective = r.kind !== 'collective' && unitKey ? (ctx.collectives.get(unitKey) ?? (await findNomineeMatches(tx, { kind: 'collective', nameKey: unitKey }))[0]) : undefined;
    const botUnitId = r.kind === 'collective' ? ctx.botUnits.get(nameKey) : (unitCollective?.botUnitId ?? ctx.botUnits.get(unitKey));
    n = await addNominee(
      tx,
      actor,
      {
        kind: r.kind,
        name: r.name,
        birthYear: r.birthYear,
        position: r.position,
        unitName: r.unit,
        unitNomineeId: unitCollective?.id ?? null,
        botUnitId: botUnitId ?? null,
      },
      ctx.now,
    );
    ctx.created();
  }
  if (n.kind === 'collective') ctx.collectives.set(n.nameKey, n);
  ctx.cache.set(cacheKey, n);
  return n;
}
