import { FileError } from '@srnn/errors';

export { listInputs, quoteInput } from '@srnn/errors';

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
 * An error in a data file, located by file and 1-based line (0 when the whole file is at fault),
 * so that the user can open the file at the problem: `file, line N: problem (pass ... to ...)`.
 */
export class DatasetError extends FileError {
  override readonly name = 'DatasetError';

  /**
   * @param file the file (or package-relative resource) that holds the bad input
   * @param line 1-based line where the bad record starts, or 0 when the problem is the whole file
   * @param problem what is wrong and, where it helps, what would be valid
   * @param remedy an option that would skip or allow the input, when there is one
   */
  constructor(
    file: string,
    line: number,
    problem: string,
    readonly remedy?: Remedy,
  ) {
    super(file, line, problem);
    if (remedy) {
      this.message += ` (pass ${remedy.option}: ${JSON.stringify(remedy.value).replace(/"/g, "'")} to ${remedy.effect})`;
    }
  }
}
