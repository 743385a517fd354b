import { z } from 'zod';
import { fieldProblems } from '@srnn/errors';
import { SlicingError, describeValue } from './errors';

/**
 * An integer schema whose every failure (wrong type, fraction, NaN, out of range) reads the same
 * way, so the message always states the valid range and the value received.
 */
export function integerInRange(min: number, max: number = Number.MAX_SAFE_INTEGER) {
  const error = (issue: { input?: unknown }) => {
    // Name the upper bound only when it matters: the default one is the safe-integer limit.
    const tooBig = typeof issue.input === 'number' && issue.input > max;
    const range =
      max === Number.MAX_SAFE_INTEGER && !tooBig ? `>= ${min}` : `from ${min} to ${max}`;
    return `must be an integer ${range}, got ${describeValue(issue.input)}`;
  };
  return z.number({ error }).int({ error }).min(min, { error }).max(max, { error });
}

/** A number schema for a closed interval, with a message in the same style. */
export function numberInRange(min: number, max: number) {
  const error = (issue: { input?: unknown }) =>
    `must be a number from ${min} to ${max}, got ${describeValue(issue.input)}`;
  return z.number({ error }).min(min, { error }).max(max, { error });
}

/** Every slice number n: an integer >= 2 (n = 1 would add a level that changes nothing). */
export const sliceNumberSchema = integerInRange(2);

/** A bottom-up list of slice numbers. */
export const sliceListSchema = z.array(sliceNumberSchema, {
  error: (issue) => `must be a list of integers >= 2, got ${describeValue(issue.input)}`,
});

/**
 * Parses `value` with `schema`, or throws a {@link SlicingError} for the first problem, named by
 * its field. `root` prefixes the field ('' for a top-level object, 'options', 'slices').
 */
export function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown, root: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problem = fieldProblems(result.error, { root, schema, wholeValue: 'input' })[0];
  const field = problem?.field ?? 'input';
  const message = problem?.message ?? 'is invalid';
  throw new SlicingError(field || 'input', field ? `${field}: ${message}` : message);
}
