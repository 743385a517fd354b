import { FileError } from '@srnn/errors';

/** A model bundle that cannot be used as it is; the message names the file and what is wrong. */
export class BundleError extends FileError {
  override readonly name = 'BundleError';
  /** The file that disagrees, as the reader names it (e.g. its full path). */
  declare readonly file: string;

  /**
   * @param file the file that disagrees, as the reader names it (e.g. its full path)
   * @param problem what is wrong and, where it helps, what would be valid
   */
  constructor(file: string, problem: string) {
    super(file, 0, problem);
  }
}
