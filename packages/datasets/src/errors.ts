/**
 * An option that would let the input through, for an error's message. Library callers read it as
 * written; a command line maps `option` to its own flag (e.g. `onInvalid` to `--on-invalid`).
 */
export interface Remedy {
  /** The library option, e.g. 'onInvalid', 'unknownLabels', 'maxRecordChars'. */
  option: string;
  /** The value to give it, e.g. 'skip'. */
  value: string | number;
  /** What giving it does, e.g. 'skip and count such records'. */
  effect: string;
}

/**
 * An error in a data file, located by file and 1-based line, so that the user can open the file
 * at the problem.
 */
export class DatasetError extends Error {
  override readonly name = 'DatasetError';
  /**
   * @param file the file (or package-relative resource) that holds the bad input
   * @param line 1-based line where the bad record starts, or 0 when the problem is the whole file
   * @param problem what is wrong and, where it helps, what would be valid
   * @param remedy an option that would skip or allow the input, when there is one
   */
  constructor(
    readonly file: string,
    readonly line: number,
    readonly problem: string,
    readonly remedy?: Remedy,
  ) {
    const where = line > 0 ? `${file}, line ${line}` : file;
    const hint = remedy
      ? ` (pass ${remedy.option}: ${JSON.stringify(remedy.value).replace(/"/g, "'")} to ${remedy.effect})`
      : '';
    super(`${where}: ${problem}${hint}`);
  }
}

/** Longest piece of input quoted in a message. */
const QUOTED_MAX = 80;

/**
 * Quotes a piece of untrusted input for a message: JSON-escaped and, past about 80 characters,
 * cut with its full length given, so that a huge field never floods a terminal or a log.
 */
export function quoteInput(value: string): string {
  if (value.length <= QUOTED_MAX) return JSON.stringify(value);
  return `${JSON.stringify(value.slice(0, QUOTED_MAX))}… (${value.length} characters)`;
}

/** Lists pieces of input for a message: each quoted by {@link quoteInput}, at most `max` of them. */
export function listInputs(values: readonly string[], max = 20): string {
  const shown = values.slice(0, max).map(quoteInput).join(', ');
  return values.length > max ? `${shown} and ${values.length - max} more` : shown;
}
