/** A refusal of an admin command: printed as is, exit status 1 (no stack trace). */
export class CliError extends Error {
  override name = 'CliError';
}
