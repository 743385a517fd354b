/** Exit codes of the srnn command. */
export const EXIT = {
  ok: 0,
  /** The command ran and failed (missing file, invalid data, ...). */
  failure: 1,
  /** Bad flags or arguments. */
  usage: 2,
  /** Training stopped by Ctrl-C / SIGTERM; a checkpoint was written: rerun to resume. */
  interrupted: 130,
} as const;

/** A bad flag or argument; exits with {@link EXIT.usage}. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/**
 * Library messages name library options ("pass onInvalid: 'skip'"); under the command line they
 * name its flags. One table, applied to every error message main prints.
 */
const OPTION_TO_FLAG: [RegExp, string][] = [
  [/onInvalid: 'skip'/g, '--on-invalid skip'],
  [/give format 'csv', 'tsv' or 'jsonl'/g, 'give --format csv, tsv or jsonl'],
  [/\btextField\b/g, '--text-field'],
  [/\btext and label both name\b/g, '--text-field and --label-field both name'],
  [/\blabelField\b/g, '--label-field'],
];

/** `message` with library option names replaced by the CLI's flags. */
export function withFlagNames(message: string): string {
  return OPTION_TO_FLAG.reduce((text, [pattern, flag]) => text.replace(pattern, flag), message);
}
