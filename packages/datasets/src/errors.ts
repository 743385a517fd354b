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
   */
  constructor(
    readonly file: string,
    readonly line: number,
    readonly problem: string,
  ) {
    super(line > 0 ? `${file}, line ${line}: ${problem}` : `${file}: ${problem}`);
  }
}
