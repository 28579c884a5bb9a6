/**
 * The kinds of units and deadlines a data file may use. Codes, not names: the names people
 * read are in the catalog (and in the office labels), so a kind is never shown as its code.
 */
export const UNIT_KINDS = [
  'office',
  'agency',
  'commune',
  'town',
  'enterprise',
  'school',
  'health',
  'organisation',
  'village',
] as const;

export const DEADLINE_KINDS = ['registration', 'midyear_review', 'yearend_review', 'report', 'nomination'] as const;

/** Levels of local government: the province, the commune, and the district for history (abolished 1 July 2025). */
export const JURISDICTION_LEVELS = ['tinh', 'xa', 'huyen'] as const;
export type JurisdictionLevel = (typeof JURISDICTION_LEVELS)[number];

export type UnitKind = (typeof UNIT_KINDS)[number];
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];
