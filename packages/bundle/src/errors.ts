/** A model bundle that cannot be used as it is; the message names the file and what is wrong. */
export class BundleError extends Error {
  override readonly name = 'BundleError';
  /**
   * @param file the file that disagrees, as the reader names it (e.g. its full path)
   * @param problem what is wrong and, where it helps, what would be valid
   */
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(`${file}: ${problem}`);
  }
}
