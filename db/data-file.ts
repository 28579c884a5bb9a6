/**
 * The jurisdiction's data file (YAML): units, demo people, plan content, titles and award
 * forms, rule parameters, report templates and the calendar of deadlines. Parsing and
 * validation are pure; errors name the file, the line and the field.
 */
import { z } from 'zod';
import { code, optStr, str, templateItemSchema } from '../domain/form-items.js';
import { DEADLINE_KINDS, JURISDICTION_LEVELS, UNIT_KINDS } from '../domain/kinds.js';
import { DataFileError, type DataFileIssue } from './data-file-error.js';
import { lengthIssues } from './data-limits.js';
import { readYamlSource } from './yaml-source.js';

export { DataFileError, type DataFileIssue } from './data-file-error.js';
import { demoSchema, demoYear, fillYear, relativeDueSchema, resolveDue } from './demo-calendar.js';

const strList = z.array(str).default([]);
const isoDay = z.union([
  z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2025-07-01'),
  z.date().transform((d) => d.toISOString().slice(0, 10)),
]);

const reminderPolicySchema = z
  .object({
    before_days: z.array(z.number().int().min(1).max(60)).optional(),
    on_day_at: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM')
      .optional(),
    overdue_every_working_days: z.number().int().min(1).max(20).optional(),
    overdue_max: z.number().int().min(0).max(50).optional(),
  })
  .strict();
export type ReminderPolicyInput = z.output<typeof reminderPolicySchema>;

const audienceSchema = z.union([
  z.literal('all'),
  z.object({ unit_kinds: z.array(z.enum(UNIT_KINDS)).min(1) }).strict(),
  z.object({ units: z.array(code).min(1) }).strict(),
]);

export const dataFileSchema = z
  .object({
    meta: z
      .object({
        code,
        name: str,
        note: optStr,
        rules_version: optStr,
      })
      .strict(),
    /**
     * Where the file sits in the tree of jurisdictions (absent: a jurisdiction with no parent,
     * as every file written before the tree). `parent` names the parent's `meta.code`; the link
     * is made whenever both are in the store, so a folder imports in any order.
     */
    jurisdiction: z
      .object({
        level: z.enum(JURISDICTION_LEVELS),
        parent: code.optional(),
        /** The unit that stands for this jurisdiction in its parent's file (a commune as a unit of its province). */
        unit_in_parent: code.optional(),
        time_zone: optStr,
        rule_set: optStr,
        active_from: isoDay.optional(),
        /** A dissolved jurisdiction (a district abolished on 1 July 2025) keeps its history. */
        active_to: isoDay.optional(),
        /** Where a dissolved jurisdiction's units went: the history of each carries over. */
        successors: z
          .array(
            z
              .object({
                unit: code,
                jurisdiction: code,
                to_unit: code.optional(),
                note: optStr,
              })
              .strict(),
          )
          .default([]),
      })
      .strict()
      .optional(),
    settings: z
      .object({
        issuer: str,
        issuer_level: z.enum(JURISDICTION_LEVELS),
        office_name: str,
        council_name: optStr,
        legal_basis: optStr,
        note: optStr,
      })
      .strict(),
    units: z
      .array(
        z
          .object({
            code,
            name: str,
            kind: z.enum(UNIT_KINDS),
            office: z.boolean().default(false),
            parent: code.optional(),
            active: z.boolean().default(true),
            note: optStr,
            uncertain: z.boolean().default(false),
          })
          .strict(),
      )
      .min(1, 'needs at least one unit'),
    people: z
      .array(
        z
          .object({
            code,
            name: str,
            unit: code,
            role: z.enum(['member', 'focal', 'head', 'admin']),
            position: optStr,
            phone: z
              .string()
              .regex(/^(\+84|0)\d{8,10}$/, 'must be a phone number: 0… or +84…, digits only')
              .optional(),
          })
          .strict(),
      )
      .default([]),
    rules: z
      .array(
        z
          .object({
            code,
            label: str,
            value: z.number().nullable(),
            source: optStr,
            uncertain: z.boolean().default(false),
            note: optStr,
          })
          .strict(),
      )
      .default([]),
    campaigns: z
      .array(
        z
          .object({
            code,
            title: str,
            issuer: optStr,
            issued_on: optStr,
            summary: optStr,
            note: optStr,
            uncertain: z.boolean().default(false),
            sections: z
              .array(
                z
                  .object({
                    code,
                    parent: code.optional(),
                    title: str,
                    items: strList,
                    /** Other names and abbreviations people use for the section. */
                    synonyms: strList,
                    note: optStr,
                    uncertain: z.boolean().default(false),
                  })
                  .strict(),
              )
              .default([]),
          })
          .strict(),
      )
      .default([]),
    titles: z
      .array(
        z
          .object({
            code,
            kind: z.enum(['title', 'award']),
            name: str,
            /** Abbreviations and other names ("LĐTT", "CSTĐCS"), for plain-language questions. */
            synonyms: strList,
            applies_to: z.enum(['individual', 'collective', 'household', 'individual_or_collective']),
            level: optStr,
            criteria: z.array(str).min(1, 'needs at least one criterion'),
            notes: strList,
            legal_basis: optStr,
            source: optStr,
            uncertain: z.boolean().default(false),
            historical: z.boolean().default(false),
          })
          .strict(),
      )
      .default([]),
    templates: z
      .array(
        z
          .object({
            code,
            title: str,
            items: z.array(templateItemSchema).min(1, 'needs at least one item').max(40),
          })
          .strict(),
      )
      .default([]),
    deadlines: z
      .array(
        z
          .object({
            code,
            kind: z.enum(DEADLINE_KINDS),
            title: str,
            description: optStr,
            campaign: code.optional(),
            due: z.union([z.string(), z.date(), relativeDueSchema]),
            audience: audienceSchema.default('all'),
            template: code.optional(),
            reminders: reminderPolicySchema.optional(),
            status: z.enum(['open', 'closed']).default('open'),
            uncertain: z.boolean().default(false),
            note: optStr,
          })
          .strict(),
      )
      .default([]),
    /** The demo's simulated year (db/demo-calendar.ts); absent in a real jurisdiction's file. */
    demo: demoSchema.optional(),
  })
  .strict();

export type DataFile = z.output<typeof dataFileSchema>;
export type Audience = z.output<typeof audienceSchema>;

export interface ParsedDataFile {
  data: DataFile;
  /** Due instants resolved in the configured time zone, by deadline code. */
  dueAt: Map<string, Date>;
}

/**
 * Parses and validates a data file's text. Throws DataFileError listing every problem found.
 * `now` places due dates given as days from today and fills `{year}` (db/demo-calendar.ts).
 */
export function parseDataFile(
  text: string,
  fileName: string,
  timezone: string,
  now: Date = new Date(),
): ParsedDataFile {
  // YAML syntax, duplicate keys and alias bombs are refused here, as DataFileError.
  const source = readYamlSource(text, fileName);
  const lineAt = (path: Array<string | number>) => source.lineOf(path);
  const raw = source.value;
  const parsed = dataFileSchema.safeParse(raw);
  if (!parsed.success) {
    throw new DataFileError(
      parsed.error.issues.slice(0, 20).map((issue) => ({
        file: fileName,
        line: lineAt(issue.path as Array<string | number>),
        path: formatPath(issue.path as Array<string | number>),
        message: issue.message,
      })),
    );
  }
  const data = parsed.data;
  const year = demoYear(data.demo, timezone, now);
  for (const c of data.campaigns)
    Object.assign(c, { title: fillYear(c.title, year), summary: fillYear(c.summary, year) });
  for (const d of data.deadlines)
    Object.assign(d, { title: fillYear(d.title, year), description: fillYear(d.description, year) });
  const issues: DataFileIssue[] = [];
  const at = (path: Array<string | number>, message: string) =>
    issues.push({ file: fileName, line: lineAt(path), path: formatPath(path), message });
  for (const long of lengthIssues(parsed.data)) at(long.path, long.message);

  const unique = (list: Array<{ code: string }>, name: string) => {
    const seen = new Set<string>();
    list.forEach((x, i) => {
      if (seen.has(x.code)) at([name, i, 'code'], `duplicate code "${x.code}"`);
      seen.add(x.code);
    });
    return seen;
  };
  const unitCodes = unique(data.units, 'units');
  unique(data.people, 'people');
  unique(data.rules, 'rules');
  const campaignCodes = unique(data.campaigns, 'campaigns');
  unique(data.titles, 'titles');
  const templateCodes = unique(data.templates, 'templates');
  unique(data.deadlines, 'deadlines');

  if (!data.units.some((u) => u.office)) at(['units'], 'one unit must be the office (office: true)');
  const j = data.jurisdiction;
  if (j) {
    if (j.level !== data.settings.issuer_level)
      at(['jurisdiction', 'level'], `must match settings.issuer_level ("${data.settings.issuer_level}")`);
    if (j.parent === data.meta.code) at(['jurisdiction', 'parent'], 'a jurisdiction cannot be its own parent');
    if (j.unit_in_parent && !j.parent) at(['jurisdiction', 'unit_in_parent'], 'needs a parent');
    if (j.active_from && j.active_to && j.active_to < j.active_from)
      at(['jurisdiction', 'active_to'], 'must not be before active_from');
    if (j.successors.length > 0 && !j.active_to)
      at(['jurisdiction', 'successors'], 'only a dissolved jurisdiction (with active_to) has successors');
    j.successors.forEach((m, i) => {
      if (!unitCodes.has(m.unit)) at(['jurisdiction', 'successors', i, 'unit'], `unknown unit "${m.unit}"`);
    });
  }
  data.units.forEach((u, i) => {
    if (u.parent && !unitCodes.has(u.parent)) at(['units', i, 'parent'], `unknown unit "${u.parent}"`);
  });
  data.people.forEach((p, i) => {
    if (!unitCodes.has(p.unit)) at(['people', i, 'unit'], `unknown unit "${p.unit}"`);
  });
  data.campaigns.forEach((c, ci) => {
    const codes = new Set(c.sections.map((s) => s.code));
    c.sections.forEach((s, si) => {
      if (s.parent && !codes.has(s.parent))
        at(['campaigns', ci, 'sections', si, 'parent'], `unknown section "${s.parent}"`);
    });
  });
  data.templates.forEach((t, ti) => {
    const seen = new Set<string>();
    t.items.forEach((item, ii) => {
      if (seen.has(item.code)) at(['templates', ti, 'items', ii, 'code'], `duplicate item code "${item.code}"`);
      seen.add(item.code);
      if (item.type === 'number' && item.min !== undefined && item.max !== undefined && item.min > item.max) {
        at(['templates', ti, 'items', ii, 'max'], 'must not be below min');
      }
    });
  });
  const dueAt = new Map<string, Date>();
  data.deadlines.forEach((d, i) => {
    if (d.campaign && !campaignCodes.has(d.campaign))
      at(['deadlines', i, 'campaign'], `unknown campaign "${d.campaign}"`);
    if (d.template && !templateCodes.has(d.template))
      at(['deadlines', i, 'template'], `unknown template "${d.template}"`);
    if (d.kind !== 'registration' && !d.template) {
      at(['deadlines', i, 'template'], 'needs a template (only registration deadlines go without one)');
    }
    if (typeof d.audience === 'object' && 'units' in d.audience) {
      d.audience.units.forEach((u, ui) => {
        if (!unitCodes.has(u)) at(['deadlines', i, 'audience', 'units', ui], `unknown unit "${u}"`);
      });
    }
    const due = resolveDue(d.due, timezone, now);
    if (!due) at(['deadlines', i, 'due'], 'must be a date like 2026-07-15 or 2026-07-15 17:00 (local time)');
    else dueAt.set(d.code, due);
  });
  const deadlineCodes = new Set(data.deadlines.map((d) => d.code));
  data.demo?.progress.forEach((p, i) => {
    if (!deadlineCodes.has(p.deadline)) at(['demo', 'progress', i, 'deadline'], `unknown deadline "${p.deadline}"`);
  });
  if (issues.length > 0) throw new DataFileError(issues);
  return { data, dueAt };
}

function formatPath(path: Array<string | number | symbol>): string {
  return (
    path.reduce<string>(
      (acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${String(p)}` : String(p)),
      '',
    ) || '(root)'
  );
}
