/**
 * The eligibility engine: one nomination, the nominee's history and the unit's round in, a
 * verdict out (eligible / warning / blocked, each finding with its rule, source and what would
 * make the nominee eligible). Pure: no clock, no database, no I/O.
 *
 * Trade-offs:
 * - History is counted through the unit's lineage: awards of predecessor units (renamed or
 *   merged in 2025) count for their successor, transitively.
 * - Modifier rules (discipline reset, đột xuất/chuyên đề not counted) remove records before the
 *   prerequisites are checked; when a removed record was needed, the modifier's own rule is
 *   cited too, so the office sees why a record in the history did not count.
 * - Ratio caps are judged on counts the caller passes (the unit's list in this round); the
 *   engine never counts other people, so it cannot be wrong about who else is proposed.
 */
import type {
  AwardRecord,
  EvaluationInput,
  Finding,
  InitiativeRecord,
  LocalText,
  Override,
  RatingRecord,
  Severity,
  Verdict,
  VerdictStatus,
} from './model.js';
import { INITIATIVE_SCOPES } from './model.js';
import { paramValue, type Requirement, type Rule, type RuleSet } from './rule-set.js';
import { shortName, titleOf } from './titles.js';

export class UnknownTitleError extends Error {
  override name = 'UnknownTitleError';
}

type Vars = Record<string, string | number>;

function fill(t: LocalText, vars: { vi: Vars; en: Vars }): LocalText {
  const sub = (s: string, v: Vars) => s.replace(/\{(\w+)\}/g, (m, k: string) => (k in v ? String(v[k]) : m));
  return { vi: sub(t.vi, vars.vi), en: sub(t.en, vars.en) };
}

/** Same variables in both languages. */
const both = (v: Vars) => ({ vi: v, en: v });

function joinText(parts: LocalText[], sep: LocalText = { vi: '; ', en: '; ' }): LocalText {
  return { vi: parts.map((p) => p.vi).join(sep.vi), en: parts.map((p) => p.en).join(sep.en) };
}

const dmy = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
const pct = (x: number, locale: 'vi' | 'en') => {
  const r = Math.round(x * 1000) / 10;
  return locale === 'vi' ? `${String(r).replace('.', ',')} %` : `${r}%`;
};
const range = (from: number, to: number) => Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
const EPS = 1e-9;

interface Counted<T> {
  kept: T[];
  /** Records removed by a modifier rule, with that rule's code. */
  removed: Array<{ rec: T; by: string }>;
}

/** Every key whose history counts for the nominee: itself and its predecessors, transitively. */
export function lineageKeys(input: EvaluationInput): Set<string> {
  const keys = new Set([input.history.nominee.key]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const l of input.history.lineage) {
      if (keys.has(l.successor) && !keys.has(l.predecessor)) {
        keys.add(l.predecessor);
        grew = true;
      }
    }
  }
  return keys;
}

function applies(rule: Rule, input: EvaluationInput): boolean {
  const n = input.nomination;
  return (
    (rule.titles.length === 0 || rule.titles.includes(n.titleCode)) &&
    (rule.types.length === 0 || rule.types.includes(n.type)) &&
    (rule.nominee_kinds.length === 0 || rule.nominee_kinds.includes(input.history.nominee.kind))
  );
}

export function evaluate(rs: RuleSet, input: EvaluationInput): Verdict {
  const n = input.nomination;
  const title = titleOf(rs, n.titleCode);
  if (!title) throw new UnknownTitleError(`${n.titleCode} is not a title of rule set ${rs.rules_version}`);
  const m = rs.messages;
  const keys = lineageKeys(input);
  const awards = input.history.awards.filter((a) => keys.has(a.holder));
  const initiatives = input.history.initiatives.filter((a) => keys.has(a.holder));
  const ratings = input.history.ratings.filter((a) => keys.has(a.holder));
  const rules = rs.rules.filter((r) => applies(r, input));
  const findings: Finding[] = [];
  const finding = (rule: Rule, message: LocalText, severity: Severity = rule.severity): void => {
    findings.push({
      rule: rule.code,
      severity,
      rule_text: rule.text,
      message,
      legal_basis: rule.legal_basis,
      source: rule.source,
      uncertain: rule.uncertain,
      overridable: rule.overridable,
    });
  };

  // --- modifiers: which records count -------------------------------------------------------
  let disciplineCutoff: { year: number; end: string; rule: Rule } | undefined;
  for (const rule of rules) {
    if (rule.check.kind !== 'discipline_reset') continue;
    for (const f of input.history.flags) {
      if (f.kind !== 'discipline' || !f.periodEnd) continue;
      const endYear = Number(f.periodEnd.slice(0, 4));
      const cutoffYear = rule.check.end_year_counts ? endYear - 1 : endYear;
      if (!disciplineCutoff || cutoffYear > disciplineCutoff.year)
        disciplineCutoff = { year: cutoffYear, end: f.periodEnd, rule };
    }
  }
  const typeRules = rules.flatMap((r) =>
    r.check.kind === 'type_not_counted' && r.check.toward.includes(n.type) ? [{ rule: r, types: r.check.types }] : [],
  );

  function count<T extends { year: number }>(recs: T[], typeOf?: (r: T) => string): Counted<T> {
    const out: Counted<T> = { kept: [], removed: [] };
    for (const rec of recs) {
      if (disciplineCutoff && rec.year <= disciplineCutoff.year)
        out.removed.push({ rec, by: disciplineCutoff.rule.code });
      else {
        const tr = typeOf && typeRules.find((t) => (t.types as string[]).includes(typeOf(rec)));
        if (tr) out.removed.push({ rec, by: tr.rule.code });
        else out.kept.push(rec);
      }
    }
    return out;
  }
  const cAwards = count<AwardRecord>(awards, (a) => a.type);
  const cRatings = count<RatingRecord>(ratings);
  const cInitiatives = count<InitiativeRecord>(initiatives);
  /** Modifier rule code → years (and what) it removed where they were needed. */
  const neededRemovals = new Map<string, Set<string>>();
  let pendingRemovals: Array<[string, string]> = [];
  const noteRemoval = (by: string, what: string) => {
    if (!neededRemovals.has(by)) neededRemovals.set(by, new Set());
    neededRemovals.get(by)!.add(what);
  };

  // --- requirements --------------------------------------------------------------------------
  function checkRequirement(q: Requirement): LocalText | null {
    const Y = n.year;
    switch (q.kind) {
      case 'title': {
        const years = range(Y + q.ending_offset - q.years + 1, Y + q.ending_offset);
        const sameRound = q.same_round_counts && (input.round?.sameRoundTitles ?? []).includes(q.title);
        const missing: number[] = [];
        const removed: Array<{ year: number; by: string }> = [];
        for (const y of years) {
          if (cAwards.kept.some((a) => a.year === y && a.titleCode === q.title)) continue;
          if (y === Y && sameRound) continue;
          const r = cAwards.removed.find((x) => x.rec.year === y && x.rec.titleCode === q.title);
          if (r) removed.push({ year: y, by: r.by });
          else missing.push(y);
        }
        if (missing.length === 0 && removed.length === 0) return null;
        const name = shortName(rs, q.title);
        const parts: LocalText[] = [];
        if (missing.length) parts.push(fill(m.missing_title, both({ title: name, years: missing.join(', ') })));
        for (const r of removed) {
          pendingRemovals.push([r.by, `${name} ${r.year}`]);
          parts.push(removalText(r.by, `${name} ${r.year}`));
        }
        return joinText(parts);
      }
      case 'rating': {
        const years = range(Y + q.ending_offset - q.years + 1, Y + q.ending_offset);
        const missing: number[] = [];
        const removed: Array<{ year: number; by: string }> = [];
        for (const y of years) {
          if (cRatings.kept.some((a) => a.year === y && a.rating === q.rating)) continue;
          const r = cRatings.removed.find((x) => x.rec.year === y && x.rec.rating === q.rating);
          if (r) removed.push({ year: y, by: r.by });
          else missing.push(y);
        }
        if (missing.length === 0 && removed.length === 0) return null;
        const rn = m.rating_names[q.rating];
        const parts: LocalText[] = [];
        if (missing.length)
          parts.push(
            fill(m.missing_rating, {
              vi: { rating: rn.vi, years: missing.join(', ') },
              en: { rating: rn.en, years: missing.join(', ') },
            }),
          );
        for (const r of removed) {
          pendingRemovals.push([r.by, `${rn.vi} ${r.year}`]);
          parts.push(removalText(r.by, `${rn.vi} ${r.year}`, `${rn.en} ${r.year}`));
        }
        return joinText(parts);
      }
      case 'initiatives': {
        const from = Y - q.window_years + 1;
        const minIdx = INITIATIVE_SCOPES.indexOf(q.min_scope);
        const fits = (i: InitiativeRecord) =>
          i.year >= from && i.year <= Y && INITIATIVE_SCOPES.indexOf(i.scope) >= minIdx && q.kinds.includes(i.kind);
        const have = cInitiatives.kept.filter(fits).length;
        if (have >= q.count) return null;
        const sn = m.scope_names[q.min_scope];
        const yearsText = from === Y ? String(Y) : `${from}–${Y}`;
        const parts = [
          fill(m.missing_initiatives, {
            vi: { count: q.count, scope: sn.vi, years: yearsText, have },
            en: { count: q.count, scope: sn.en, years: yearsText, have },
          }),
        ];
        for (const r of cInitiatives.removed.filter((x) => fits(x.rec))) {
          pendingRemovals.push([r.by, `"${r.rec.title}" ${r.rec.year}`]);
          parts.push(removalText(r.by, `"${r.rec.title}" ${r.rec.year}`));
        }
        return joinText(parts);
      }
      case 'collective_share': {
        const c = input.collective;
        const min = paramValue(rs, q.min_share, input.params);
        const value = c ? (q.metric === 'ldtt' ? c.ldtt : c.completedTasks) : 0;
        const share = c && c.members > 0 ? value / c.members : 0;
        const ok = c !== undefined && c.members > 0 && (q.exclusive ? share > min + EPS : share >= min - EPS);
        if (ok) return null;
        const mn = m.metric_names[q.metric];
        const op = q.exclusive ? '>' : '≥';
        return fill(m.collective_share, {
          vi: { metric: mn.vi, op, min: pct(min, 'vi'), have: pct(share, 'vi'), value, members: c?.members ?? 0 },
          en: { metric: mn.en, op, min: pct(min, 'en'), have: pct(share, 'en'), value, members: c?.members ?? 0 },
        });
      }
      case 'collective_count': {
        const have = input.collective ? (q.metric === 'ldtt' ? input.collective.ldtt : input.collective.cstdcs) : 0;
        if (input.collective && have >= q.min) return null;
        const mn = m.metric_names[q.metric];
        return fill(m.collective_count, {
          vi: { metric: mn.vi, min: q.min, have },
          en: { metric: mn.en, min: q.min, have },
        });
      }
    }
  }

  function removalText(by: string, what: string, whatEn = what): LocalText {
    const rule = rs.rules.find((r) => r.code === by)!;
    if (rule.check.kind === 'discipline_reset') {
      return fill(m.not_counted_discipline, {
        vi: { what, date: dmy(disciplineCutoff!.end) },
        en: { what: whatEn, date: dmy(disciplineCutoff!.end) },
      });
    }
    return fill(m.not_counted_type, { vi: { what }, en: { what: whatEn } });
  }

  // --- rules ---------------------------------------------------------------------------------
  for (const rule of rules) {
    const c = rule.check;
    switch (c.kind) {
      case 'applies_to': {
        const kind = input.history.nominee.kind;
        if (!title.applies_to.includes(kind)) {
          const kinds = (l: 'vi' | 'en') => title.applies_to.map((k) => m.kind_names[k][l]).join(', ');
          finding(
            rule,
            fill(m.wrong_kind, {
              vi: {
                title: title.short ?? title.name,
                kinds: kinds('vi'),
                name: input.history.nominee.name,
                kind: m.kind_names[kind].vi,
              },
              en: {
                title: title.short ?? title.name,
                kinds: kinds('en'),
                name: input.history.nominee.name,
                kind: m.kind_names[kind].en,
              },
            }),
          );
        }
        break;
      }
      case 'prerequisite': {
        const failures: LocalText[] = [];
        let passed = false;
        // Removals count only when the prerequisite fails as a whole: a record excluded on one
        // route does not matter when another route passes.
        const outer = pendingRemovals;
        pendingRemovals = [];
        for (const route of c.routes) {
          const msgs = route.all.map(checkRequirement).filter((x): x is LocalText => x !== null);
          if (msgs.length === 0) {
            passed = true;
            break;
          }
          const body = joinText(msgs);
          failures.push(
            route.label ? { vi: `${route.label.vi}: ${body.vi}`, en: `${route.label.en}: ${body.en}` } : body,
          );
        }
        if (!passed) {
          finding(rule, joinText(failures, { vi: `; ${m.alternatively.vi} `, en: `; ${m.alternatively.en} ` }));
          for (const [by, what] of pendingRemovals) noteRemoval(by, what);
        }
        pendingRemovals = outer;
        break;
      }
      case 'cap': {
        // Without the unit's list the cap cannot be judged; the list is checked as a whole later.
        if (!input.round?.unitCounts) break;
        const counts = input.round.unitCounts;
        const have = counts[n.titleCode] ?? 1;
        const base = counts[c.of_title] ?? 0;
        const share = paramValue(rs, c.max_share, input.params);
        const allowed = Math.floor(share * base + EPS);
        if (have > allowed) {
          const vars = (l: 'vi' | 'en') => ({
            title: shortName(rs, n.titleCode),
            of: shortName(rs, c.of_title),
            count: have,
            base,
            pct: base > 0 ? pct(have / base, l) : '–',
            max: pct(share, l),
            allowed,
          });
          finding(rule, fill(m.cap_exceeded, { vi: vars('vi'), en: vars('en') }));
        }
        break;
      }
      case 'blocking_flags': {
        for (const f of input.history.flags) {
          const pending = f.openedOn <= n.asOf && (!f.closedOn || f.closedOn > n.asOf);
          if (pending && c.flags.includes(f.kind)) {
            const fn = m.flag_names[f.kind];
            finding(
              rule,
              fill(m.flag_pending, {
                vi: { flag: fn.vi, date: dmy(f.openedOn) },
                en: { flag: fn.en, date: dmy(f.openedOn) },
              }),
            );
          }
        }
        break;
      }
      case 'unit_dissolved': {
        const u = input.history.unit;
        if (u?.dissolvedOn && u.dissolvedOn <= n.asOf)
          finding(rule, fill(m.unit_dissolved, both({ unit: u.name, date: dmy(u.dissolvedOn) })));
        break;
      }
      case 'discipline_reset': {
        if (disciplineCutoff && disciplineCutoff.rule.code === rule.code && n.year <= disciplineCutoff.year) {
          finding(
            rule,
            fill(
              m.discipline_running,
              both({ date: dmy(disciplineCutoff.end), year: n.year, next: disciplineCutoff.year + 1 }),
            ),
          );
        }
        break;
      }
      case 'type_not_counted':
        break; // reported through the prerequisites it changed, below
      case 'double_reward': {
        const nominated = title;
        for (const a of awards) {
          if (a.year !== n.year) continue;
          const same =
            a.titleCode === n.titleCode || (n.achievementKey != null && a.achievementKey === n.achievementKey);
          const rec = titleOf(rs, a.titleCode ?? '');
          const otherForm =
            !same && nominated.kind === 'award' && (rec ? rec.kind === 'award' : true) && a.type === n.type;
          if (!same && !otherForm) continue;
          const vars = both({
            form: a.formName,
            year: a.year,
            decision: a.decisionNo ? `${a.decisionNo}${a.decisionDate ? ` (${dmy(a.decisionDate)})` : ''}` : '–',
            title: nominated.short ?? nominated.name,
          });
          finding(rule, fill(same ? m.double_same_form : m.double_other_form, vars), same ? c.same_form : c.other_form);
        }
        break;
      }
      case 'ladder': {
        if (!c.require_lower) break;
        for (const p of c.pairs) {
          if (p.higher !== n.titleCode) continue;
          if (!cAwards.kept.some((a) => a.titleCode === p.lower && a.year < n.year)) {
            finding(
              rule,
              fill(m.missing_lower, both({ lower: shortName(rs, p.lower), title: shortName(rs, p.higher) })),
            );
          }
        }
        break;
      }
    }
  }

  // Modifier rules that removed a record a prerequisite needed are cited in their own name.
  for (const [by, whats] of neededRemovals) {
    const rule = rs.rules.find((r) => r.code === by)!;
    if (findings.some((f) => f.rule === by)) continue;
    const list = [...whats].join(', ');
    const base = rule.check.kind === 'discipline_reset' ? m.not_counted_discipline : m.not_counted_type;
    const date = disciplineCutoff ? dmy(disciplineCutoff.end) : '';
    finding(rule, fill(base, both({ what: list, date })));
  }

  const status = worst(findings.map((f) => f.severity));
  return { rulesVersion: rs.rules_version, status, findings, finalStatus: status };
}

function worst(sev: Severity[]): VerdictStatus {
  if (sev.includes('blocked')) return 'blocked';
  if (sev.includes('warning')) return 'warning';
  return 'eligible';
}

export class OverrideError extends Error {
  override name = 'OverrideError';
  constructor(
    readonly reason: 'nothing_to_override' | 'reason_too_short' | 'unknown_rule' | 'not_overridable',
    detail: string,
  ) {
    super(detail);
  }
}

export const MIN_OVERRIDE_REASON = 10;

/**
 * The office accepts a nominee despite some findings, with a written reason. Refused when the
 * verdict is already eligible, the reason is too short, a named rule is not among the findings
 * or a rule is not overridable. Findings not named keep their severity.
 */
export function applyOverride(v: Verdict, o: Override): Verdict {
  if (v.status === 'eligible') throw new OverrideError('nothing_to_override', 'the verdict is already eligible');
  if (o.reason.trim().length < MIN_OVERRIDE_REASON)
    throw new OverrideError('reason_too_short', `reason needs at least ${MIN_OVERRIDE_REASON} characters`);
  if (o.rules.length === 0) throw new OverrideError('unknown_rule', 'no rule named');
  for (const code of o.rules) {
    const f = v.findings.filter((x) => x.rule === code);
    if (f.length === 0) throw new OverrideError('unknown_rule', `${code} is not among the findings`);
    if (f.some((x) => !x.overridable)) throw new OverrideError('not_overridable', `${code} cannot be overridden`);
  }
  return carryOverride(v, o);
}

/**
 * Re-attaches a stored override to a freshly computed verdict without validating it again:
 * rules it names that no longer fire are ignored, new findings stay in force.
 */
export function carryOverride(v: Verdict, o: Override): Verdict {
  const remaining = v.findings.filter((f) => !(o.rules.includes(f.rule) && f.overridable)).map((f) => f.severity);
  return { ...v, override: o, finalStatus: worst(remaining) };
}
