import { FileError } from '@srnn/errors';

/**
 * An error in a data file, located by file and 1-based line (0 when the whole file is at fault),
 * so that the user can open the file at the problem: `file, line N: problem`.
 */
export class DatasetError extends FileError {
  override readonly name = 'DatasetError';
}
