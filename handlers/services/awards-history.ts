/**
 * The awards history as a service: record nominees, past awards, initiatives, yearly ratings,
 * flags, renames, mergers and dissolutions — each authorised and audited in the caller's
 * transaction — and load one nominee's history into the pure eligibility engine's input.
 *
 * Trade-off: the engine sees history keys `n<id>`; the lineage is loaded transitively here
 * (a few small queries per level) so the engine can count predecessors' awards without a
 * database. A jurisdiction's rule_params (the data file's `rules:`) override a rule set's
 * parameters of the same code, so the uncertain 15 % cap is configured where it always was.
 */
import type { Db } from '../../db/store.js';
import { writeAudit } from '../../db/queries/audit.js';
import {
  findNomineeByCode,
  getFlag,
  getNominee,
  getNominees,
  getRating,
  historyRows,
  insertAward,
  insertFlag,
  insertInitiative,
  insertLineage,
  insertNominee,
  lineageOf,
  updateFlag,
  updateNominee,
  upsertRating,
  type AwardRow,
  type FlagRow,
  type InitiativeRow,
  type NomineeRow,
} from '../../db/queries/awards.js';
import { listRules } from '../../db/queries/content.js';
import { jurisdictionOfUnit } from '../../db/queries/directory.js';
import { defaultJurisdiction } from '../../db/queries/jurisdictions.js';
import { scoped, type Scoped } from '../../db/scope.js';
import { loadRuleSets } from '../../db/rule-sets.js';
import {
  carryOverride,
  evaluate,
  foldName,
  matchTitle,
  selectRuleSet,
  type CollectiveStats,
  type CommendationType,
  type FlagKind,
  type InitiativeKind,
  type InitiativeScope,
  type NomineeHistory,
  type NomineeKind,
  type Nomination,
  type Override,
  type RoundContext,
  type RuleSet,
  type TaskRating,
  type Verdict,
} from '../../domain/commendation/index.js';
import { type Actor, assertCan, auditedBy, canForEveryUnit, Forbidden, type Permission } from '../../domain/authz.js';

export class AwardsHistoryError extends Error {
  override name = 'AwardsHistoryError';
  constructor(
    readonly code: 'not_found' | 'bad_input' | 'no_rule_set',
    message: string,
  ) {
    super(message);
  }
}

const keyOf = (id: number) => `n${id}`;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function checkDate(d: string | null | undefined, what: string): void {
  if (d != null && (!ISO_DATE.test(d) || Number.isNaN(Date.parse(`${d}T00:00:00Z`))))
    throw new AwardsHistoryError('bad_input', `${what}: ${d}`);
}

/** The jurisdiction an awards import or load names units of: given, the actor's, else the default. */
export async function awardsJurisdiction(tx: Db, actor: Actor, given?: number): Promise<number> {
  if (given !== undefined) return given;
  if (actor.kind === 'person') return actor.jurisdictionId;
  return (await defaultJurisdiction(tx))?.id ?? 0;
}

/**
 * The jurisdiction whose ratio rules a nominee is checked under: its bot unit's (or its
 * collective's), else the deployment's default one. (The awards history keeps its nominees
 * installation-wide for now; scoping it is part of the nominations work.)
 */
async function nomineeJurisdiction(tx: Db, nomineeId: number): Promise<number> {
  const n = await getNominee(tx, nomineeId);
  const unitId = n ? await auditUnit(tx, n) : null;
  const own = unitId != null ? await jurisdictionOfUnit(tx, unitId) : undefined;
  if (own !== undefined) return own;
  return (await defaultJurisdiction(tx))?.id ?? 0;
}

/** The bot unit the audit row belongs to: the nominee's own, else its unit's. */
async function auditUnit(tx: Db, n: NomineeRow): Promise<number | null> {
  if (n.botUnitId != null) return n.botUnitId;
  if (n.unitNomineeId != null) return (await getNominee(tx, n.unitNomineeId))?.botUnitId ?? null;
  return null;
}

async function audit(
  tx: Db,
  actor: Actor,
  action: string,
  entity: string,
  entityId: number | string,
  n: NomineeRow,
  before: unknown,
  after: unknown,
  now: Date,
) {
  await writeAudit(
    tx,
    {
      ...auditedBy(actor),
      action,
      entity,
      entityId,
      unitId: await auditUnit(tx, n),
      before,
      after,
    },
    now,
  );
}

/**
 * A nominee tied to a bot unit is that unit's; one tied to none (imported names of other
 * bodies) is the office's alone, so "own unit" never stretches to it.
 */
async function assertOn(tx: Db, actor: Actor, perm: Permission, n: NomineeRow): Promise<void> {
  const unitId = await auditUnit(tx, n);
  if (unitId === null) {
    if (!canForEveryUnit(actor, perm)) throw new Forbidden(perm, actor);
  } else assertCan(actor, perm, unitId);
}

async function load(tx: Db, id: number): Promise<NomineeRow> {
  const n = await getNominee(tx, id);
  if (!n) throw new AwardsHistoryError('not_found', `nominee ${id}`);
  return n;
}

export interface NomineeInput {
  code?: string | null;
  kind: NomineeKind;
  name: string;
  birthYear?: number | null;
  gender?: 'nam' | 'nu' | null;
  position?: string | null;
  unitName?: string | null;
  unitNomineeId?: number | null;
  botUnitId?: number | null;
  jurisdiction?: string | null;
  note?: string | null;
}

export async function addNominee(tx: Db, actor: Actor, v: NomineeInput, now: Date): Promise<NomineeRow> {
  if (v.botUnitId == null) {
    if (!canForEveryUnit(actor, 'awards.manage')) throw new Forbidden('awards.manage', actor);
  } else assertCan(actor, 'awards.manage', v.botUnitId);
  const name = v.name.normalize('NFC').trim();
  if (!name) throw new AwardsHistoryError('bad_input', 'name');
  if (
    v.birthYear != null &&
    (!Number.isInteger(v.birthYear) || v.birthYear < 1900 || v.birthYear > now.getUTCFullYear())
  ) {
    throw new AwardsHistoryError('bad_input', `birth year ${v.birthYear}`);
  }
  const row = await insertNominee(tx, {
    code: v.code ?? null,
    kind: v.kind,
    name,
    nameKey: foldName(name),
    birthYear: v.birthYear ?? null,
    gender: v.gender ?? null,
    position: v.position?.trim() || null,
    unitName: v.unitName?.trim() || null,
    unitKey: foldName(v.unitName ?? ''),
    unitNomineeId: v.unitNomineeId ?? null,
    botUnitId: v.botUnitId ?? null,
    jurisdiction: v.jurisdiction ?? null,
    note: v.note ?? null,
    createdAt: now,
    updatedAt: now,
  });
  await audit(
    tx,
    actor,
    'nominee.create',
    'nominee',
    row.id,
    row,
    null,
    { kind: row.kind, name: row.name, unitName: row.unitName },
    now,
  );
  return row;
}

/** A rename keeps the row and so the history; the audit row keeps the old name. */
export async function renameNominee(tx: Db, actor: Actor, id: number, name: string, now: Date): Promise<NomineeRow> {
  const n = await load(tx, id);
  await assertOn(tx, actor, 'awards.manage', n);
  const clean = name.normalize('NFC').trim();
  if (!clean) throw new AwardsHistoryError('bad_input', 'name');
  if (clean === n.name) return n;
  const row = await updateNominee(tx, id, { name: clean, nameKey: foldName(clean) }, now);
  await audit(tx, actor, 'nominee.rename', 'nominee', id, n, { name: n.name }, { name: clean }, now);
  return row;
}

/** `successorId` took over `predecessorId` (a merger or a rename into another record). */
export async function linkPredecessor(
  tx: Db,
  actor: Actor,
  v: {
    successorId: number;
    predecessorId: number;
    kind: 'merge' | 'rename';
    effectiveOn: string;
    note?: string | null;
  },
  now: Date,
): Promise<void> {
  const s = await load(tx, v.successorId);
  const p = await load(tx, v.predecessorId);
  await assertOn(tx, actor, 'awards.manage', s);
  checkDate(v.effectiveOn, 'effective date');
  if (s.id === p.id || s.kind !== 'collective' || p.kind !== 'collective')
    throw new AwardsHistoryError('bad_input', 'lineage links two different collectives');
  if ((await lineageOf(tx, p.id)).some((l) => l.predecessorId === s.id))
    throw new AwardsHistoryError('bad_input', 'lineage would form a cycle');
  const row = await insertLineage(tx, {
    successorId: s.id,
    predecessorId: p.id,
    kind: v.kind,
    effectiveOn: v.effectiveOn,
    note: v.note ?? null,
    createdAt: now,
  });
  if (row)
    await audit(
      tx,
      actor,
      `nominee.${v.kind}`,
      'nominee',
      s.id,
      s,
      null,
      { predecessorId: p.id, predecessor: p.name, effectiveOn: v.effectiveOn },
      now,
    );
}

export async function markDissolved(
  tx: Db,
  actor: Actor,
  id: number,
  on: string | null,
  now: Date,
): Promise<NomineeRow> {
  const n = await load(tx, id);
  await assertOn(tx, actor, 'awards.manage', n);
  checkDate(on, 'dissolution date');
  if (n.kind !== 'collective') throw new AwardsHistoryError('bad_input', 'only a collective is dissolved');
  if (n.dissolvedOn === on) return n;
  const row = await updateNominee(tx, id, { dissolvedOn: on }, now);
  await audit(
    tx,
    actor,
    'nominee.dissolved',
    'nominee',
    id,
    n,
    { dissolvedOn: n.dissolvedOn },
    { dissolvedOn: on },
    now,
  );
  return row;
}

export interface AwardInput {
  nomineeId: number;
  year: number;
  formName: string;
  titleCode?: string | null;
  type?: CommendationType;
  decisionNo?: string | null;
  decisionDate?: string | null;
  issuer?: string | null;
  achievementKey?: string | null;
  source: string;
}

/** Records a past award; the same nominee, year, form and decision twice is recorded once. */
export async function recordAward(
  tx: Db,
  actor: Actor,
  v: AwardInput,
  now: Date,
  rs: RuleSet = currentRuleSet(now),
): Promise<AwardRow | undefined> {
  const n = await load(tx, v.nomineeId);
  await assertOn(tx, actor, 'awards.manage', n);
  if (!Number.isInteger(v.year) || v.year < 1945 || v.year > now.getUTCFullYear() + 1)
    throw new AwardsHistoryError('bad_input', `year ${v.year}`);
  checkDate(v.decisionDate, 'decision date');
  const formName = v.formName.normalize('NFC').trim();
  if (!formName) throw new AwardsHistoryError('bad_input', 'form');
  const row = await insertAward(tx, {
    nomineeId: n.id,
    year: v.year,
    titleCode: v.titleCode !== undefined ? v.titleCode : (matchTitle(rs, formName)?.code ?? null),
    formName,
    formKey: foldName(formName),
    type: v.type ?? 'cong_trang',
    decisionNo: v.decisionNo?.trim() ?? '',
    decisionDate: v.decisionDate ?? null,
    issuer: v.issuer?.trim() || null,
    achievementKey: v.achievementKey ?? null,
    source: v.source,
    createdAt: now,
  });
  if (row) {
    await audit(
      tx,
      actor,
      'award.record',
      'award_record',
      row.id,
      n,
      null,
      {
        nominee: n.name,
        year: row.year,
        form: row.formName,
        titleCode: row.titleCode,
        decisionNo: row.decisionNo,
        source: row.source,
      },
      now,
    );
  }
  return row;
}

export interface InitiativeInput {
  nomineeId: number;
  title: string;
  kind?: InitiativeKind;
  scope: InitiativeScope;
  year: number;
  recognisedBy?: string | null;
  recognisedOn?: string | null;
  decisionNo?: string | null;
}

export async function recordInitiative(tx: Db, actor: Actor, v: InitiativeInput, now: Date): Promise<InitiativeRow> {
  const n = await load(tx, v.nomineeId);
  await assertOn(tx, actor, 'awards.manage', n);
  checkDate(v.recognisedOn, 'recognition date');
  if (!v.title.trim()) throw new AwardsHistoryError('bad_input', 'title');
  const row = await insertInitiative(tx, {
    nomineeId: n.id,
    title: v.title.normalize('NFC').trim(),
    kind: v.kind ?? 'sang_kien',
    scope: v.scope,
    year: v.year,
    recognisedBy: v.recognisedBy ?? null,
    recognisedOn: v.recognisedOn ?? null,
    decisionNo: v.decisionNo ?? null,
    createdAt: now,
  });
  await audit(
    tx,
    actor,
    'initiative.record',
    'initiative',
    row.id,
    n,
    null,
    { nominee: n.name, title: row.title, scope: row.scope, year: row.year, recognisedBy: row.recognisedBy },
    now,
  );
  return row;
}

export async function setRating(
  tx: Db,
  actor: Actor,
  nomineeId: number,
  year: number,
  rating: TaskRating,
  now: Date,
): Promise<void> {
  const n = await load(tx, nomineeId);
  await assertOn(tx, actor, 'awards.manage', n);
  if (n.kind !== 'individual') throw new AwardsHistoryError('bad_input', 'ratings are for individuals');
  const before = await getRating(tx, nomineeId, year);
  if (before?.rating === rating) return;
  await upsertRating(tx, nomineeId, year, rating, now);
  await audit(
    tx,
    actor,
    'rating.set',
    'task_rating',
    `${nomineeId}:${year}`,
    n,
    before ? { rating: before.rating } : null,
    { year, rating },
    now,
  );
}

export async function raiseFlag(
  tx: Db,
  actor: Actor,
  v: { nomineeId: number; kind: FlagKind; openedOn: string; note?: string | null },
  now: Date,
): Promise<FlagRow> {
  const n = await load(tx, v.nomineeId);
  await assertOn(tx, actor, 'awards.manage', n);
  checkDate(v.openedOn, 'opening date');
  const row = await insertFlag(tx, {
    nomineeId: n.id,
    kind: v.kind,
    openedOn: v.openedOn,
    note: v.note ?? null,
    createdAt: now,
    updatedAt: now,
  });
  await audit(
    tx,
    actor,
    'flag.raise',
    'nominee_flag',
    row.id,
    n,
    null,
    { kind: row.kind, openedOn: row.openedOn },
    now,
  );
  return row;
}

/** Concludes a flag; a decided discipline carries the end of its period. */
export async function closeFlag(
  tx: Db,
  actor: Actor,
  flagId: number,
  v: { closedOn: string; periodEnd?: string | null },
  now: Date,
): Promise<FlagRow> {
  const f = await getFlag(tx, flagId);
  if (!f) throw new AwardsHistoryError('not_found', `flag ${flagId}`);
  const n = await load(tx, f.nomineeId);
  await assertOn(tx, actor, 'awards.manage', n);
  checkDate(v.closedOn, 'closing date');
  checkDate(v.periodEnd, 'end of discipline period');
  if (v.periodEnd && f.kind !== 'discipline') throw new AwardsHistoryError('bad_input', 'only discipline has a period');
  const row = await updateFlag(tx, flagId, { closedOn: v.closedOn, periodEnd: v.periodEnd ?? null }, now);
  await audit(
    tx,
    actor,
    'flag.close',
    'nominee_flag',
    flagId,
    n,
    { closedOn: f.closedOn, periodEnd: f.periodEnd },
    { closedOn: row.closedOn, periodEnd: row.periodEnd },
    now,
  );
  return row;
}

// --- reading into the engine --------------------------------------------------------------

/** The nominee's history as the engine reads it: its own rows and its predecessors'. */
export async function loadNomineeHistory(tx: Db, actor: Actor, nomineeId: number): Promise<NomineeHistory> {
  const n = await load(tx, nomineeId);
  await assertOn(tx, actor, 'awards.read', n);
  const links = await lineageOf(tx, n.id);
  const ids = [n.id, ...new Set(links.map((l) => l.predecessorId))];
  const rows = await historyRows(tx, ids, n.id);
  const unitRow =
    n.kind === 'collective' ? n : n.unitNomineeId != null ? (await getNominees(tx, [n.unitNomineeId]))[0] : undefined;
  const unit = unitRow
    ? { key: keyOf(unitRow.id), name: unitRow.name, dissolvedOn: unitRow.dissolvedOn }
    : n.unitName
      ? { key: `unit:${n.unitKey}`, name: n.unitName, dissolvedOn: null }
      : null;
  return {
    nominee: { key: keyOf(n.id), kind: n.kind as NomineeKind, name: n.name },
    unit,
    lineage: links.map((l) => ({
      successor: keyOf(l.successorId),
      predecessor: keyOf(l.predecessorId),
      on: l.effectiveOn,
      kind: l.kind as 'merge' | 'rename',
    })),
    awards: rows.awards.map((a) => ({
      holder: keyOf(a.nomineeId),
      year: a.year,
      titleCode: a.titleCode,
      formName: a.formName,
      type: a.type as CommendationType,
      decisionNo: a.decisionNo || null,
      decisionDate: a.decisionDate,
      issuer: a.issuer,
      achievementKey: a.achievementKey,
    })),
    initiatives: rows.initiatives.map((i) => ({
      holder: keyOf(i.nomineeId),
      title: i.title,
      kind: i.kind as InitiativeKind,
      scope: i.scope as InitiativeScope,
      year: i.year,
      recognisedOn: i.recognisedOn,
      recognisedBy: i.recognisedBy,
    })),
    ratings: rows.ratings.map((r) => ({ holder: keyOf(r.nomineeId), year: r.year, rating: r.rating as TaskRating })),
    flags: rows.flags.map((f) => ({
      kind: f.kind as FlagKind,
      openedOn: f.openedOn,
      closedOn: f.closedOn,
      periodEnd: f.periodEnd,
      note: f.note,
    })),
  };
}

/** The rule set in force on `now` (UTC date), or the newest one. */
export function currentRuleSet(now: Date): RuleSet {
  const sets = loadRuleSets();
  return selectRuleSet(sets, now.toISOString().slice(0, 10)) ?? sets[0]!;
}

/** The jurisdiction's configured values for the rule set's parameters (rule_params table). */
export async function jurisdictionParams(s: Scoped, rs: RuleSet): Promise<Record<string, number>> {
  const codes = new Set(rs.params.map((p) => p.code));
  const out: Record<string, number> = {};
  for (const r of await listRules(s)) if (codes.has(r.code) && r.value != null) out[r.code] = r.value;
  return out;
}

/**
 * Checks one nomination against the nominee's stored history under the rule set in force on
 * the check date. A stored override is carried onto the fresh verdict.
 */
export async function checkNominee(
  tx: Db,
  actor: Actor,
  nomineeId: number,
  nomination: Nomination,
  ctx: { round?: RoundContext; collective?: CollectiveStats; override?: Override } = {},
): Promise<Verdict> {
  const history = await loadNomineeHistory(tx, actor, nomineeId);
  const rs = selectRuleSet(loadRuleSets(), nomination.asOf);
  if (!rs) throw new AwardsHistoryError('no_rule_set', `no rule set covers ${nomination.asOf}`);
  const v = evaluate(rs, {
    nomination,
    history,
    round: ctx.round,
    collective: ctx.collective,
    params: await jurisdictionParams(scoped(tx, await nomineeJurisdiction(tx, nomineeId)), rs),
  });
  return ctx.override ? carryOverride(v, ctx.override) : v;
}

export async function nomineeByCode(tx: Db, code: string): Promise<NomineeRow | undefined> {
  return findNomineeByCode(tx, code);
}
