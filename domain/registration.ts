/**
 * The registration form (đăng ký thi đua) is built from the titles in the data, and its
 * counts are checked against the ratio rules in the data. The checks only warn: the office
 * decides. Each warning cites the rule it comes from, uncertain marks included.
 */
import { foldVi } from './text.js';
import type { FormItem } from './form-items.js';
import type { Answers } from './submission.js';

/** What the checks read of a title (the store's title rows have these fields). */
export interface RegistrationTitle {
  code: string;
  name: string;
  kind: string;
  appliesTo: string;
  historical: boolean;
}

/** A ratio rule of the data (`value` a share between 0 and 1, or unset). */
export interface RatioRule {
  code: string;
  value: number | null;
}

/** The catalog keys of the warnings (checked against the catalog where they are translated). */
export type RegistrationMessageKey =
  | 'reg.warn_collective_share'
  | 'reg.warn_collective_share_strict'
  | 'reg.warn_cstdcs_cap'
  | 'reg.warn_cstdcs_not_ldtt'
  | 'reg.warn_more_than_staff'
  | 'reg.warn_ttldxs_needs_cstdcs';

export const STAFF_ITEM = 'staff_count';
export const COLLECTIVE_ITEM = 'collective_title';

/** Title and rule codes the checks look for; a data file without them gets no warnings. */
const LDTT = 'lao_dong_tien_tien';
const CSTDCS = 'chien_si_thi_dua_co_so';
const TTLDTT = 'tap_the_lao_dong_tien_tien';
const TTLDXS = 'tap_the_lao_dong_xuat_sac';

export function individualItemCode(titleCode: string): string {
  return `ind_${titleCode}`;
}

export function registrationItems(
  titles: RegistrationTitle[],
  labels: { staff: string; collective: string; none: string; individuals: (name: string) => string },
): FormItem[] {
  const current = titles.filter((t) => t.kind === 'title' && !t.historical);
  const collective = current.filter((t) => t.appliesTo === 'collective');
  const individual = current.filter((t) => t.appliesTo === 'individual');
  const items: FormItem[] = [
    {
      code: STAFF_ITEM,
      label: labels.staff,
      type: 'number',
      integer: true,
      min: 0,
      max: 100_000,
      percent: false,
      unit: undefined,
      required: true,
    },
  ];
  if (collective.length >= 1) {
    items.push({
      code: COLLECTIVE_ITEM,
      label: labels.collective,
      type: 'choice',
      options: [...collective.map((t) => t.name), labels.none],
      required: true,
    });
  }
  for (const t of individual) {
    items.push({
      code: individualItemCode(t.code),
      label: labels.individuals(t.name),
      type: 'names',
      max_names: 500,
      required: false,
    });
  }
  return items;
}

export interface RegistrationWarning<R extends RatioRule = RatioRule> {
  key: RegistrationMessageKey;
  vars: Record<string, string | number>;
  rule?: R;
}

const namesOf = (answers: Answers, titleCode: string): string[] => {
  const v = answers[individualItemCode(titleCode)]?.v;
  return Array.isArray(v) ? (v as string[]) : [];
};

/** Warnings for a registration's counts; pure. */
export function registrationWarnings<R extends RatioRule>(
  answers: Answers,
  titles: RegistrationTitle[],
  rules: R[],
): RegistrationWarning<R>[] {
  const out: RegistrationWarning<R>[] = [];
  const byCode = new Map(titles.map((t) => [t.code, t]));
  const rule = (code: string) => rules.find((r) => r.code === code && r.value !== null);
  const staff = typeof answers[STAFF_ITEM]?.v === 'number' ? answers[STAFF_ITEM].v : undefined;
  const ldtt = namesOf(answers, LDTT);
  const cstdcs = namesOf(answers, CSTDCS);

  if (staff !== undefined && ldtt.length > staff) {
    out.push({
      key: 'reg.warn_more_than_staff',
      vars: { title: byCode.get(LDTT)?.name ?? LDTT, count: ldtt.length, staff },
    });
  }
  const cap = rule('cstdcs_max_share_of_ldtt');
  if (cap && byCode.has(CSTDCS) && cstdcs.length > 0) {
    const max = Math.floor(ldtt.length * cap.value! + 1e-9);
    if (cstdcs.length > max) {
      out.push({
        key: 'reg.warn_cstdcs_cap',
        vars: { count: cstdcs.length, ldtt: ldtt.length, pct: Math.round(cap.value! * 100), max },
        rule: cap,
      });
    }
  }
  if (byCode.has(CSTDCS) && byCode.has(LDTT)) {
    const ldttSet = new Set(ldtt.map(foldVi));
    const notLdtt = cstdcs.filter((n) => !ldttSet.has(foldVi(n)));
    if (notLdtt.length) out.push({ key: 'reg.warn_cstdcs_not_ldtt', vars: { names: notLdtt.join(', ') } });
  }
  const collective = answers[COLLECTIVE_ITEM]?.v;
  if (typeof collective === 'string' && staff && staff > 0) {
    const picked = titles.find((t) => t.name === collective);
    const share = ldtt.length / staff;
    if (picked?.code === TTLDXS) {
      const r = rule('ttldxs_min_share_ldtt');
      if (r && share < r.value!)
        out.push({
          key: 'reg.warn_collective_share',
          vars: { title: picked.name, pct: Math.round(r.value! * 100), got: Math.round(share * 100) },
          rule: r,
        });
      if (cstdcs.length === 0 && byCode.has(CSTDCS))
        out.push({ key: 'reg.warn_ttldxs_needs_cstdcs', vars: { title: picked.name } });
    }
    if (picked?.code === TTLDTT) {
      const r = rule('ttldtt_min_share_ldtt');
      if (r && share <= r.value!)
        out.push({
          key: 'reg.warn_collective_share_strict',
          vars: { title: picked.name, pct: Math.round(r.value! * 100), got: Math.round(share * 100) },
          rule: r,
        });
    }
  }
  return out;
}
