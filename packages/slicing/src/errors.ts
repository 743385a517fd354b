/**
 * The one error type of this package. `field` names the input that was wrong, in the same
 * spelling the message uses (`length`, `slices[1]`, `depth`, `spec`, `position`, `options.limit`),
 * so callers can point at it without parsing the message.
 */
export class SlicingError extends Error {
  /** The offending input, e.g. `slices[1]`. */
  readonly field: string;

  constructor(field: string, message: string) {
    super(message);
    this.name = 'SlicingError';
    this.field = field;
  }
}

/** Renders a bad value for an error message: strings quoted, so `"8"` is told apart from `8`. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return typeof value === 'bigint' ? `${value}n` : String(value);
  }
  if (value === undefined || value === null) return String(value);
  if (typeof value === 'function') return 'a function';
  try {
    const text = JSON.stringify(value);
    return text.length > 60 ? `${text.slice(0, 57)}...` : text;
  } catch {
    return Array.isArray(value) ? 'an array' : 'an object';
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
