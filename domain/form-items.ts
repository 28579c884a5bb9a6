/**
 * Typed form items (report templates, registrations, exemplary models): their schema in the
 * data file, parsing what a person typed, validating it, and showing answers back. Pure
 * functions, tested without I/O. The catalog keys they produce are listed as literal types
 * (`FormMessageKey`): the translator's parameter type checks each against the catalog.
 */
import { z } from 'zod';
import { foldVi } from './text.js';
import { formatNumber } from './format.js';
import { localParts } from './time.js';
import type { Json } from './json.js';
import type { Locale } from './locale.js';

/** Codes, names and optional strings as every data file spells them (shared with db/data-file.ts). */
export const code = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_.-]{0,63}$/i, 'must be a code of letters, digits, "_", "-" or "." (at most 64)');
export const str = z.string().trim().min(1, 'must not be empty');
export const optStr = z.string().trim().optional();

export const ITEM_TYPES = ['number', 'yesno', 'choice', 'text', 'longtext', 'date', 'file'] as const;

const itemBase = {
  code,
  label: str,
  help: optStr,
  required: z.boolean().default(true),
};

export const templateItemSchema = z.discriminatedUnion('type', [
  z.object({
    ...itemBase,
    type: z.literal('number'),
    unit: optStr,
    min: z.number().optional(),
    max: z.number().optional(),
    integer: z.boolean().default(false),
    percent: z.boolean().default(false),
  }),
  z.object({ ...itemBase, type: z.literal('yesno') }),
  z.object({
    ...itemBase,
    type: z.literal('choice'),
    options: z.array(str).min(2, 'needs at least two options').max(12),
  }),
  z.object({ ...itemBase, type: z.literal('text'), max_length: z.number().int().positive().max(500).default(200) }),
  z.object({
    ...itemBase,
    type: z.literal('longtext'),
    max_length: z.number().int().positive().max(4000).default(2000),
  }),
  z.object({ ...itemBase, type: z.literal('date') }),
  z.object({
    ...itemBase,
    type: z.literal('file'),
    accept: z
      .array(z.enum(['pdf', 'image', 'word', 'excel']))
      .min(1)
      .default(['pdf', 'image']),
    max_files: z.number().int().min(1).max(10).default(3),
  }),
]);
export type TemplateItem = z.output<typeof templateItemSchema>;

/** Every catalog key this module returns or asks for. */
export type FormMessageKey =
  | 'common.no'
  | 'common.yes'
  | 'form.err_choice'
  | 'form.err_date'
  | 'form.err_date_impossible'
  | 'form.err_integer'
  | 'form.err_max'
  | 'form.err_min'
  | 'form.err_name_digits'
  | 'form.err_name_long'
  | 'form.err_names'
  | 'form.err_names_many'
  | 'form.err_not_percent'
  | 'form.err_number'
  | 'form.err_one_line'
  | 'form.err_send_file'
  | 'form.err_too_long'
  | 'form.err_yesno'
  | 'form.files'
  | 'form.hint_choice'
  | 'form.hint_date'
  | 'form.hint_file'
  | 'form.hint_integer'
  | 'form.hint_max'
  | 'form.hint_min'
  | 'form.hint_names'
  | 'form.hint_number'
  | 'form.hint_percent'
  | 'form.hint_range'
  | 'form.hint_text'
  | 'form.hint_unit'
  | 'form.hint_yesno'
  | 'form.skipped'
  | 'form.unanswered';

/** Items of a form: the data file's template items plus lists of names (registrations). */
export type FormItem =
  TemplateItem | { code: string; label: string; help?: string; required: boolean; type: 'names'; max_names: number };

export type ParseResult =
  { ok: true; value: Json } | { ok: false; error: FormMessageKey; vars?: Record<string, string | number> };

const YES = new Set(['co', 'c', 'yes', 'y', 'dung', 'roi', 'da', 'ok', 'x']);
const NO = new Set(['khong', 'k', 'ko', 'no', 'n', 'chua', 'sai']);

/** Parses Vietnamese-style numbers: 1.234 (thousands), 1,5 (decimal), 1.234,5 and 12%. */
export function parseVietnameseNumber(input: string): { value: number; percent: boolean; rest: string } | undefined {
  const m = /^\s*([+-]?[\d.,\s]*\d)\s*(%?)\s*(.*)$/.exec(input);
  if (!m) return undefined;
  let s = m[1]!.replace(/\s+/g, '');
  const lastDot = s.lastIndexOf('.');
  const lastComma = s.lastIndexOf(',');
  if (lastDot >= 0 && lastComma >= 0) {
    // Both present: the later one is the decimal separator.
    const dec = lastDot > lastComma ? '.' : ',';
    const thou = dec === '.' ? ',' : '.';
    s = s.split(thou).join('');
    if (dec === ',') s = s.replace(',', '.');
  } else if (lastComma >= 0) {
    if ((s.match(/,/g) ?? []).length > 1) return undefined;
    s = s.replace(',', '.');
  } else if (lastDot >= 0) {
    if (/^[+-]?\d{1,3}(\.\d{3})+$/.test(s)) s = s.split('.').join('');
    else if ((s.match(/\./g) ?? []).length > 1) return undefined;
  }
  if (!/^[+-]?\d+(\.\d+)?$/.test(s)) return undefined;
  const value = Number(s);
  if (!Number.isFinite(value)) return undefined;
  return { value, percent: m[2] === '%', rest: m[3]!.trim() };
}

/**
 * Reads a date as people write it: 15/7/2026, 15-07-2026, 15.7.2026, 2026-07-15, "hôm nay",
 * and 30/6 without a year (this year, in the office's time zone). Says why a date is refused:
 * not a date at all, or a day that does not exist (31/02/2026).
 */
export function readDate(
  input: string,
  now: Date,
  tz: string,
): { ok: true; value: string } | { ok: false; reason: 'format' | 'impossible' | 'range' } {
  const s = input.trim();
  const f = foldVi(s);
  let y: number, mo: number, d: number;
  if (f === 'hom nay' || f === 'today') {
    const p = localParts(now, tz);
    [y, mo, d] = [p.year, p.month, p.day];
  } else {
    let m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s);
    if (m) [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
    else if ((m = /^(\d{1,2})[/-](\d{1,2})$/.exec(s)))
      [d, mo, y] = [Number(m[1]), Number(m[2]), localParts(now, tz).year];
    else {
      m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
      if (!m) return { ok: false, reason: 'format' };
      [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    }
  }
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return { ok: false, reason: mo > 12 || d > 31 ? 'format' : 'impossible' };
  const check = new Date(Date.UTC(y, mo - 1, d));
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d)
    return { ok: false, reason: 'impossible' };
  if (y < 1945 || y > 2100) return { ok: false, reason: 'range' };
  return { ok: true, value: `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}` };
}

/** The date as YYYY-MM-DD, or undefined when `readDate` refuses it. */
export function parseDate(input: string, now: Date, tz: string): string | undefined {
  const r = readDate(input, now, tz);
  return r.ok ? r.value : undefined;
}

/** Words that name people after a count ("45 cán bộ"), accepted where the item counts people. */
const PEOPLE_WORDS = new Set([
  'nguoi',
  'can bo',
  'cong chuc',
  'vien chuc',
  'can bo cong chuc',
  'cbcc',
  'cbccvc',
  'nguoi lao dong',
  'ca nhan',
  'thanh vien',
  'dong chi',
  'lao dong',
  'people',
  'persons',
  'staff',
]);

function unitMatches(item: { unit?: string }, rest: string): boolean {
  if (rest === '') return true;
  if (item.unit === undefined) return false;
  const r = foldVi(rest);
  if (r === foldVi(item.unit)) return true;
  return foldVi(item.unit) === 'nguoi' && PEOPLE_WORDS.has(r);
}

export function parseAnswer(item: FormItem, text: string, ctx: { now: Date; tz: string }): ParseResult {
  const raw = text.trim();
  switch (item.type) {
    case 'number': {
      const n = parseVietnameseNumber(raw);
      const unitOk = n && unitMatches(item, n.rest);
      if (!n || !unitOk)
        return { ok: false, error: 'form.err_number', vars: { example: item.integer ? '1.234' : '1.234,5' } };
      if (n.percent && !item.percent) return { ok: false, error: 'form.err_not_percent' };
      if (item.integer && !Number.isInteger(n.value)) return { ok: false, error: 'form.err_integer' };
      if (item.min !== undefined && n.value < item.min)
        return { ok: false, error: 'form.err_min', vars: { min: item.min } };
      if (item.max !== undefined && n.value > item.max)
        return { ok: false, error: 'form.err_max', vars: { max: item.max } };
      return { ok: true, value: n.value };
    }
    case 'yesno': {
      const f = foldVi(raw);
      if (YES.has(f)) return { ok: true, value: true };
      if (NO.has(f)) return { ok: true, value: false };
      return { ok: false, error: 'form.err_yesno' };
    }
    case 'choice': {
      const f = foldVi(raw);
      const hit =
        item.options.find((o) => foldVi(o) === f) ?? item.options.find((o) => foldVi(o).startsWith(f) && f.length >= 2);
      if (!hit) return { ok: false, error: 'form.err_choice', vars: { options: item.options.join(' / ') } };
      return { ok: true, value: hit };
    }
    case 'text':
    case 'longtext': {
      if ([...raw].length > item.max_length)
        return { ok: false, error: 'form.err_too_long', vars: { max: item.max_length, got: [...raw].length } };
      if (item.type === 'text' && raw.includes('\n')) return { ok: false, error: 'form.err_one_line' };
      return { ok: true, value: raw };
    }
    case 'date': {
      const d = readDate(raw, ctx.now, ctx.tz);
      if (!d.ok)
        return d.reason === 'impossible'
          ? { ok: false, error: 'form.err_date_impossible', vars: { date: raw } }
          : { ok: false, error: 'form.err_date' };
      return { ok: true, value: d.value };
    }
    case 'names': {
      const names = raw
        .split(/\n|;/)
        .map((n) => n.replace(/^\s*(\d+[.)]|[-•*])\s*/, '').trim())
        .filter(Boolean);
      if (names.length === 0) return { ok: false, error: 'form.err_names' };
      if (names.length > item.max_names)
        return { ok: false, error: 'form.err_names_many', vars: { max: item.max_names } };
      if (names.some((n) => [...n].length > 120)) return { ok: false, error: 'form.err_name_long' };
      const digits = names.find((n) => !/\p{L}/u.test(n));
      if (digits !== undefined) return { ok: false, error: 'form.err_name_digits', vars: { name: digits } };
      return { ok: true, value: names };
    }
    case 'file':
      return { ok: false, error: 'form.err_send_file' };
  }
}

/** Numbers up to this are what menus number; typed alone over a saved answer they are confirmed. */
export const SMALL_NUMBER_MAX = 20;

/**
 * Whether a typed answer must be confirmed before it replaces a saved one: a bare small number
 * (what a person types to pick a numbered choice) at an item that already has a different value.
 * Navigation is never numbered, so such a number is an answer; this makes a habit harmless.
 */
export function needsReplaceConfirm(text: string, saved: Json | undefined, value: Json): boolean {
  if (saved === undefined || saved === null) return false;
  const m = /^\s*(\d{1,2})\s*[.)]?\s*$/.exec(text);
  if (!m || Number(m[1]) < 1 || Number(m[1]) > SMALL_NUMBER_MAX) return false;
  return JSON.stringify(saved) !== JSON.stringify(value);
}

/** An answer as a person reads it in a summary. */
export function formatAnswer(
  item: FormItem,
  value: Json | undefined,
  locale: Locale,
  t: (k: FormMessageKey) => string,
): string {
  if (value === undefined) return t('form.unanswered');
  if (value === null) return t('form.skipped');
  /* eslint-disable @typescript-eslint/no-base-to-string -- parseAnswer stores the item type's value (a
     date as 'YYYY-MM-DD', names as strings, text as a string); String() shows it. */
  switch (item.type) {
    case 'number':
      return `${formatNumber(Number(value), locale)}${item.percent ? '%' : item.unit ? ` ${item.unit}` : ''}`;
    case 'yesno':
      return value === true ? t('common.yes') : t('common.no');
    case 'date': {
      const [y, m, d] = String(value).split('-');
      return `${d}/${m}/${y}`;
    }
    case 'file':
      return Array.isArray(value) ? `${value.length} ${t('form.files')}` : t('form.skipped');
    case 'names':
      return Array.isArray(value) ? `${value.length}: ${value.join(', ')}` : String(value);
    default:
      return String(value);
  }
  /* eslint-enable @typescript-eslint/no-base-to-string */
}

/** The hint lines shown under a question: what to type, and the allowed range. */
export function inputHint(item: FormItem): Array<{ key: FormMessageKey; vars?: Record<string, string | number> }> {
  switch (item.type) {
    case 'number': {
      const lines: Array<{ key: FormMessageKey; vars?: Record<string, string | number> }> = [
        { key: item.percent ? 'form.hint_percent' : item.integer ? 'form.hint_integer' : 'form.hint_number' },
      ];
      if (item.min !== undefined && item.max !== undefined)
        lines.push({ key: 'form.hint_range', vars: { min: item.min, max: item.max } });
      else if (item.min !== undefined) lines.push({ key: 'form.hint_min', vars: { min: item.min } });
      else if (item.max !== undefined) lines.push({ key: 'form.hint_max', vars: { max: item.max } });
      if (item.unit) lines.push({ key: 'form.hint_unit', vars: { unit: item.unit } });
      return lines;
    }
    case 'yesno':
      return [{ key: 'form.hint_yesno' }];
    case 'choice':
      return [{ key: 'form.hint_choice' }];
    case 'text':
    case 'longtext':
      return [{ key: 'form.hint_text', vars: { max: item.max_length } }];
    case 'date':
      return [{ key: 'form.hint_date' }];
    case 'file':
      return [{ key: 'form.hint_file', vars: { max: item.max_files } }];
    case 'names':
      return [{ key: 'form.hint_names' }];
  }
}

export const MIME_GROUPS: Record<'pdf' | 'image' | 'word' | 'excel', { mimes: string[]; exts: string[] }> = {
  pdf: { mimes: ['application/pdf'], exts: ['pdf'] },
  image: {
    mimes: ['image/jpeg', 'image/png', 'image/webp', 'image/heic'],
    exts: ['jpg', 'jpeg', 'png', 'webp', 'heic'],
  },
  word: {
    mimes: ['application/msword', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    exts: ['doc', 'docx'],
  },
  excel: {
    mimes: ['application/vnd.ms-excel', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    exts: ['xls', 'xlsx'],
  },
};

/**
 * Whether a file's type is one an item accepts: by its content when the archive downloaded it
 * (handlers/files/sniff.ts), else by MIME type or extension (photos are images).
 */
export function fileAccepted(
  accept: Array<keyof typeof MIME_GROUPS>,
  file: { kind: string; mime?: string; name?: string; archived?: { group?: keyof typeof MIME_GROUPS } },
): boolean {
  if (file.archived) return file.archived.group !== undefined && accept.includes(file.archived.group);
  if (file.kind === 'photo') return accept.includes('image');
  const ext = file.name?.split('.').pop()?.toLowerCase();
  return accept.some(
    (g) =>
      (file.mime && MIME_GROUPS[g].mimes.includes(file.mime)) ||
      (ext !== undefined && MIME_GROUPS[g].exts.includes(ext)),
  );
}
