import { SrnnError } from '@srnn/errors';

export { describeValue } from '@srnn/errors';

/**
 * The one error type of this package. `field` names the input that was wrong, in the same
 * spelling the message uses (`length`, `slices[1]`, `depth`, `spec`, `position`, `options.limit`),
 * so callers can point at it without parsing the message.
 */
export class SlicingError extends SrnnError {
  override readonly name = 'SlicingError';
  /** The offending input, e.g. `slices[1]`. */
  declare readonly field: string;

  constructor(field: string, message: string) {
    super(message, { field });
  }
}

/**
 * Prints a count that may have left the safe-integer range (a product of many slices) without
 * pretending to an exactness it no longer has.
 */
export function formatCount(value: number): string {
  if (Number.isSafeInteger(value)) return String(value);
  if (!Number.isFinite(value)) return `more than ${Number.MAX_SAFE_INTEGER}`;
  return `about ${value.toPrecision(3)}`;
}
