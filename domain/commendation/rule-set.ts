/**
 * A rule set (`rules_version`) as data: the titles it knows, its parameters, its message
 * templates and its rules, validated with zod. Parsing is pure (text in, rule set out); reading
 * the file is the caller's job, so this module stays free of I/O.
 *
 * Trade-off: rule kinds are a closed list interpreted by the engine (prerequisite, cap,
 * blocking flags, dissolved unit, discipline reset, type not counted, double reward, ladder,
 * applies-to). New numbers, titles, years, wording and sources need no code; a genuinely new
 * kind of rule does.
 */
import { LineCounter, parseDocument, isMap, isSeq, type Document } from 'yaml';
import { z } from 'zod';
import {
  COMMENDATION_TYPES,
  FLAG_KINDS,
  INITIATIVE_KINDS,
  INITIATIVE_SCOPES,
  NOMINEE_KINDS,
  TASK_RATINGS,
} from './model.js';

const code = z.string().regex(/^[a-z0-9][a-z0-9_.-]{0,63}$/i, 'must be a code of letters, digits, "_", "-" or "."');
const ruleCode = z.string().regex(/^[A-Z0-9][A-Z0-9_.-]{0,63}$/, 'must be an upper-case rule code such as CSTDCS-LDTT');
const str = z.string().trim().min(1, 'must not be empty');
const text = z.object({ vi: str, en: str }).strict();
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');
/** A number given inline or by the code of a parameter of the rule set. */
const numOrParam = z.union([z.number(), z.object({ param: code }).strict()]);

const titleReq = z
  .object({
    kind: z.literal('title'),
    title: code,
    /** How many consecutive years must hold the title. */
    years: z.number().int().min(1).max(10),
    /** Last year of the run relative to the nomination year: 0 = that year, -1 = the year before. */
    ending_offset: z.number().int().min(-10).max(0).default(0),
    /** The same title proposed in the same round counts for the nomination year. */
    same_round_counts: z.boolean().default(true),
  })
  .strict();

const ratingReq = z
  .object({
    kind: z.literal('rating'),
    rating: z.enum(TASK_RATINGS),
    years: z.number().int().min(1).max(10),
    ending_offset: z.number().int().min(-10).max(0).default(0),
  })
  .strict();

const initiativeReq = z
  .object({
    kind: z.literal('initiatives'),
    count: z.number().int().min(1).max(10),
    min_scope: z.enum(INITIATIVE_SCOPES),
    /** Years counted, ending at the nomination year (1 = that year only). */
    window_years: z.number().int().min(1).max(10),
    kinds: z.array(z.enum(INITIATIVE_KINDS)).min(1).default(['sang_kien', 'de_tai']),
  })
  .strict();

const collectiveShareReq = z
  .object({
    kind: z.literal('collective_share'),
    metric: z.enum(['completed_tasks', 'ldtt']),
    min_share: numOrParam,
    /** true: strictly more than the share (the old "trên 50 %"). */
    exclusive: z.boolean().default(false),
  })
  .strict();

const collectiveCountReq = z
  .object({ kind: z.literal('collective_count'), metric: z.enum(['cstdcs', 'ldtt']), min: z.number().int().min(0) })
  .strict();

export const requirementSchema = z.discriminatedUnion('kind', [
  titleReq,
  ratingReq,
  initiativeReq,
  collectiveShareReq,
  collectiveCountReq,
]);
export type Requirement = z.output<typeof requirementSchema>;

const routeSchema = z.object({ label: text.optional(), all: z.array(requirementSchema).min(1) }).strict();

const checkSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('applies_to') }).strict(),
  z.object({ kind: z.literal('prerequisite'), routes: z.array(routeSchema).min(1) }).strict(),
  z.object({ kind: z.literal('cap'), of_title: code, max_share: numOrParam }).strict(),
  z.object({ kind: z.literal('blocking_flags'), flags: z.array(z.enum(FLAG_KINDS)).min(1) }).strict(),
  z.object({ kind: z.literal('unit_dissolved') }).strict(),
  z.object({ kind: z.literal('discipline_reset'), end_year_counts: z.boolean().default(false) }).strict(),
  z
    .object({
      kind: z.literal('type_not_counted'),
      types: z.array(z.enum(COMMENDATION_TYPES)).min(1),
      toward: z.array(z.enum(COMMENDATION_TYPES)).min(1),
    })
    .strict(),
  z
    .object({
      kind: z.literal('double_reward'),
      same_form: z.enum(['warning', 'blocked']),
      other_form: z.enum(['warning', 'blocked']),
    })
    .strict(),
  z
    .object({
      kind: z.literal('ladder'),
      require_lower: z.boolean(),
      pairs: z.array(z.object({ higher: code, lower: code }).strict()).default([]),
    })
    .strict(),
]);
export type Check = z.output<typeof checkSchema>;

const ruleSchema = z
  .object({
    code: ruleCode,
    /** Titles the rule checks; empty = every nomination. */
    titles: z.array(code).default([]),
    /** Kinds of nominee the rule checks; empty = every kind. */
    nominee_kinds: z.array(z.enum(NOMINEE_KINDS)).default([]),
    /** Types of commendation the rule checks; empty = every type. */
    types: z.array(z.enum(COMMENDATION_TYPES)).default([]),
    severity: z.enum(['warning', 'blocked']),
    check: checkSchema,
    text,
    legal_basis: str,
    source: str,
    uncertain: z.boolean().default(false),
    note: z.string().trim().optional(),
    /** The office may accept the nominee despite this rule, with a written reason. */
    overridable: z.boolean().default(true),
  })
  .strict();
export type Rule = z.output<typeof ruleSchema>;

const titleSchema = z
  .object({
    code,
    kind: z.enum(['title', 'award']),
    name: str,
    /** Short name used in messages ("CSTĐCS"). */
    short: str.optional(),
    applies_to: z.array(z.enum(NOMINEE_KINDS)).min(1),
    /** Other spellings found in decisions and sheets, matched without diacritics. */
    aliases: z.array(str).default([]),
  })
  .strict();
export type RuleSetTitle = z.output<typeof titleSchema>;

const paramSchema = z
  .object({
    code,
    value: z.number(),
    label: str,
    source: str,
    uncertain: z.boolean().default(false),
    note: z.string().trim().optional(),
  })
  .strict();

/** Message templates with {placeholders}; every key is required so no message goes missing. */
const messagesSchema = z
  .object({
    missing_title: text,
    missing_rating: text,
    missing_initiatives: text,
    collective_share: text,
    collective_count: text,
    alternatively: text,
    not_counted_discipline: text,
    not_counted_type: text,
    wrong_kind: text,
    cap_exceeded: text,
    flag_pending: text,
    unit_dissolved: text,
    discipline_running: text,
    double_same_form: text,
    double_other_form: text,
    missing_lower: text,
    flag_names: z
      .object(Object.fromEntries(FLAG_KINDS.map((k) => [k, text])) as Record<(typeof FLAG_KINDS)[number], typeof text>)
      .strict(),
    scope_names: z
      .object(
        Object.fromEntries(INITIATIVE_SCOPES.map((k) => [k, text])) as Record<
          (typeof INITIATIVE_SCOPES)[number],
          typeof text
        >,
      )
      .strict(),
    rating_names: z
      .object(
        Object.fromEntries(TASK_RATINGS.map((k) => [k, text])) as Record<(typeof TASK_RATINGS)[number], typeof text>,
      )
      .strict(),
    metric_names: z.object({ completed_tasks: text, ldtt: text, cstdcs: text }).strict(),
    kind_names: z
      .object(
        Object.fromEntries(NOMINEE_KINDS.map((k) => [k, text])) as Record<(typeof NOMINEE_KINDS)[number], typeof text>,
      )
      .strict(),
  })
  .strict();

export const ruleSetSchema = z
  .object({
    rules_version: code,
    name: str,
    legal_basis: str,
    /** First and last day of decisions made under this set; null = not known (marked). */
    effective_from: isoDate.nullable(),
    effective_until: isoDate.nullable(),
    uncertain: z.boolean().default(false),
    note: z.string().trim().optional(),
    titles: z.array(titleSchema).min(1),
    params: z.array(paramSchema).default([]),
    messages: messagesSchema,
    rules: z.array(ruleSchema).min(1),
  })
  .strict();
export type RuleSet = z.output<typeof ruleSetSchema>;

export class RuleSetError extends Error {
  override name = 'RuleSetError';
  constructor(readonly issues: Array<{ file: string; line: number; path: string; message: string }>) {
    super(issues.map((i) => `${i.file}:${i.line}: ${i.path}: ${i.message}`).join('\n'));
  }
}

/**
 * Parses and validates a rule set's YAML. `messagesYaml` (a document with a top-level
 * `messages:`) supplies the templates when the rule set has none of its own. Throws
 * RuleSetError naming file, line and field.
 */
export function parseRuleSet(yamlText: string, fileName: string, messagesYaml?: string): RuleSet {
  const lineCounter = new LineCounter();
  const doc = parseDocument(yamlText, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const lineOf = (offset: number | undefined) => (offset === undefined ? 1 : lineCounter.linePos(offset).line);
  if (doc.errors.length > 0) {
    throw new RuleSetError(
      doc.errors.map((e) => ({
        file: fileName,
        line: lineOf(e.pos[0]),
        path: '(yaml)',
        message: e.message.split('\n')[0]!,
      })),
    );
  }
  const raw = doc.toJS({ maxAliasCount: 100 }) as Record<string, unknown> | null;
  if (raw && typeof raw === 'object' && raw.messages === undefined && messagesYaml !== undefined) {
    const md = parseDocument(messagesYaml, { prettyErrors: false, uniqueKeys: true });
    if (md.errors.length > 0)
      throw new RuleSetError([
        { file: 'messages', line: 1, path: '(yaml)', message: md.errors[0]!.message.split('\n')[0]! },
      ]);
    raw.messages = (md.toJS() as { messages?: unknown } | null)?.messages;
  }
  const parsed = ruleSetSchema.safeParse(raw);
  if (!parsed.success) {
    throw new RuleSetError(
      parsed.error.issues.slice(0, 20).map((i) => ({
        file: fileName,
        line: lineOf(nodeOffset(doc, i.path as Array<string | number>)),
        path: i.path.join('.') || '(root)',
        message: i.message,
      })),
    );
  }
  const rs = parsed.data;
  const issues: Array<{ path: string; message: string }> = [];
  const titleCodes = new Set(rs.titles.map((t) => t.code));
  const paramCodes = new Set(rs.params.map((p) => p.code));
  const seen = new Set<string>();
  rs.rules.forEach((r, i) => {
    if (seen.has(r.code)) issues.push({ path: `rules.${i}.code`, message: `duplicate rule code ${r.code}` });
    seen.add(r.code);
    const refs: string[] = [...r.titles];
    const params: string[] = [];
    const c = r.check;
    if (c.kind === 'prerequisite')
      for (const route of c.routes)
        for (const q of route.all) {
          if (q.kind === 'title') refs.push(q.title);
          if (q.kind === 'collective_share' && typeof q.min_share !== 'number') params.push(q.min_share.param);
        }
    if (c.kind === 'cap') {
      refs.push(c.of_title);
      if (typeof c.max_share !== 'number') params.push(c.max_share.param);
    }
    if (c.kind === 'ladder') for (const p of c.pairs) refs.push(p.higher, p.lower);
    for (const t of refs) if (!titleCodes.has(t)) issues.push({ path: `rules.${i}`, message: `unknown title ${t}` });
    for (const p of params) if (!paramCodes.has(p)) issues.push({ path: `rules.${i}`, message: `unknown param ${p}` });
  });
  if (issues.length > 0) {
    throw new RuleSetError(
      issues.map((x) => ({
        file: fileName,
        line: lineOf(
          nodeOffset(
            doc,
            x.path.split('.').map((s) => (/^\d+$/.test(s) ? Number(s) : s)),
          ),
        ),
        ...x,
      })),
    );
  }
  return rs;
}

function nodeOffset(doc: Document, path: Array<string | number>): number | undefined {
  let node: unknown = doc.contents;
  let offset: number | undefined = (node as { range?: [number] } | null)?.range?.[0];
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (p.key as { value?: unknown } | null)?.value === key);
      if (!pair) break;
      offset = (pair.key as { range?: [number] }).range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof key === 'number') {
      node = node.items[key];
      offset = (node as { range?: [number] } | undefined)?.range?.[0] ?? offset;
    } else break;
  }
  return offset;
}

/** The rule set under which a decision on `date` is made, or undefined when none covers it. */
export function selectRuleSet(sets: readonly RuleSet[], date: string): RuleSet | undefined {
  return sets.find(
    (s) =>
      (s.effective_from === null || s.effective_from <= date) &&
      (s.effective_until === null || date <= s.effective_until),
  );
}

/** A parameter's value: the jurisdiction's override, else the rule set's default. */
export function paramValue(
  rs: RuleSet,
  codeOrValue: number | { param: string },
  overrides?: Record<string, number>,
): number {
  if (typeof codeOrValue === 'number') return codeOrValue;
  const o = overrides?.[codeOrValue.param];
  if (o !== undefined) return o;
  const p = rs.params.find((x) => x.code === codeOrValue.param);
  if (!p) throw new Error(`unknown param ${codeOrValue.param}`);
  return p.value;
}
