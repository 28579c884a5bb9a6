/**
 * The one error a data file can be refused with: every problem as `file:line: path: message`.
 * In a module of its own so the YAML reader and the schema share it without a cycle.
 */
export interface DataFileIssue {
  file: string;
  line: number;
  path: string;
  message: string;
}

export class DataFileError extends Error {
  override name = 'DataFileError';
  constructor(readonly issues: DataFileIssue[]) {
    super(issues.map((i) => `${i.file}:${i.line}: ${i.path}: ${i.message}`).join('\n'));
  }
}
