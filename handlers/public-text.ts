/**
 * What of the data file a person may read. Sources and notes in the data files carry research
 * marks for the people who maintain them ("(S1)", "domain.md mục D", "valid_until 2025-06-30",
 * "criteria.vi.yaml"), and sections have slug codes ("loai-hinh") next to real numbers ("II.1").
 * Users see names, dates and plain Vietnamese: the marks are removed where text is shown, and
 * a section code is shown only when it is a real section number. Trade-off: the marks are
 * recognised by pattern, so a new kind of mark needs a pattern here.
 */
const MARKS: RegExp[] = [
  /\s*\((?:S\d+(?:\s*[/,]\s*S\d+)*)\)/g, // "(S1)", "(S1/S2)"
  /\s*\bS\d+(?:\/S\d+)+\b/g, // "S1/S2"
  /\s*\bvalid_until\s*[:=]?\s*\d{4}-\d{2}-\d{2}/g,
  /\s*,\s*S\d+(?=\s*\))/g, // "(chinhsachonline.chinhphu.vn, S1)"
  /\s*(?:,\s*)?(?:trích\s+)?qua nguồn S\d+\b/g, // "trích qua nguồn S3"
  /\s*(?<![\w./-])S\d\b(?![\w./-])/g, // any other bare "S3"
];
/**
 * A research file named in a sentence ("domain.md mục D", "criteria.vi.yaml", with a part of
 * it: "A.5", "III.2", or a key of the file before a closing mark: "criteria.vi.yaml calendar)").
 */
const FILE_REF =
  /\b[\w-]+(?:\.[\w-]+)*\.(?:md|ya?ml)\b(?:\s+(?:mục|muc|section)\s+[A-Z](?:\.\d+)?)?(?:\s+\(?[A-Z]\.\d+(?:[–-][A-Z]?\.?\d+)?(?:,\s*[A-Z](?:\.\d+)?)*\)?)?(?:\s+(?:[IVXLC]+|[A-Z])\.\d+)?(?:\s+[a-z_]+(?=[),;]))?/g;

/** The text without research marks, its punctuation tidied. */
export function publicText(s: string): string {
  // "(S1, luật cũ)" keeps its words: "(luật cũ)".
  let out = s.replace(/\(\s*S\d+(?:\s*\/\s*S\d+)*\s*,\s*/g, '(');
  for (const m of MARKS) out = out.replace(m, '');
  out = out
    .replace(FILE_REF, 'tài liệu tham khảo')
    .replace(/tài liệu tham khảo(?:(?:,|;| và| and)\s*tài liệu tham khảo)+/g, 'tài liệu tham khảo');
  return out
    .replace(/\(\s*\)/g, '')
    .replace(/\s+([,.;:)])/g, '$1')
    .replace(/([:;,])[;,]\s*/g, '$1 ')
    .replace(/[;,]\s*$/g, '')
    .replace(/\s{2,}/g, ' ')
    .trim();
}

/** A section's label: "II.1. Title" for a real section number, the title alone for a slug. */
export function sectionLabel(code: string, title: string): string {
  return /^(?:[IVXLC]+|\d+|[A-Z])(?:\.\d+)*$/.test(code) ? `${code}. ${title}` : title;
}
