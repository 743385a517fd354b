import { FileError } from '@srnn/errors';

export { quoteInput } from '@srnn/errors';

/** An error in a vectors file, located by file and 1-based line (0 when it concerns the whole file). */
export class EmbeddingsError extends FileError {
  override readonly name = 'EmbeddingsError';
}
