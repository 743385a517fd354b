/** Where an error points: the input field (in the caller's spelling), or a file and 1-based line. */
export interface ErrorLocation {
  /** The offending input, e.g. `batchSize`, `slices[1]`, `levels[0].options.units`. */
  field?: string;
  /** The file (or package resource) that holds the bad input. */
  file?: string;
  /** 1-based line of the bad record in `file`; absent (or 0) when the problem is the whole file. */
  line?: number;
}

/**
 * The base class of every error this project raises on purpose. It carries where the problem is
 * (field, or file and line) as data, so a caller can point at it (a CLI names its flag) without
 * parsing the message.
 */
export class SrnnError extends Error {
  readonly field?: string;
  readonly file?: string;
  readonly line?: number;

  constructor(message: string, location: ErrorLocation = {}) {
    super(message);
    // The subclass's own name (`OptionsError`, `DatasetError`), as errors print it.
    this.name = new.target.name;
    if (location.field !== undefined) this.field = location.field;
    if (location.file !== undefined) this.file = location.file;
    if (location.line !== undefined) this.line = location.line;
  }
}

/**
 * A problem in a file the user gave us, located by file and 1-based line: the message reads
 * `file, line N: problem` (or `file: problem` when the whole file is at fault, line 0).
 */
export class FileError extends SrnnError {
  /** What is wrong and, where it helps, what would be valid. */
  readonly problem: string;

  constructor(file: string, line: number, problem: string) {
    super(line > 0 ? `${file}, line ${line}: ${problem}` : `${file}: ${problem}`, { file, line });
    this.problem = problem;
  }
}
