import { z } from 'zod';
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

/** Renders a zod path the way a reader writes it: ['slices', 1] -> 'slices[1]'. */
export function formatPath(root: string, path: readonly PropertyKey[]): string {
  let field = root;
  for (const key of path) {
    if (typeof key === 'number') field += `[${key}]`;
    else field = field ? `${field}.${String(key)}` : String(key);
  }
  return field;
}

/**
 * Parses `value` with `schema`, or throws a {@link SlicingError} for the first problem, named by
 * its field. `root` prefixes the field ('' for a top-level object, 'options', 'slices').
 */
export function parseOrThrow<T>(
  schema: z.ZodType<T>,
  value: unknown,
  root: string,
  allowedKeys: readonly string[] = [],
): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  // An unknown key is usually a misspelt one, which also leaves its real field missing: say so first.
  const issues = result.error.issues;
  const issue = issues.find((candidate) => candidate.code === 'unrecognized_keys') ?? issues[0];
  if (!issue) throw new SlicingError(root || 'input', `${root || 'input'} is invalid`);
  if (issue.code === 'unrecognized_keys') {
    const field = formatPath(root, [...issue.path, ...issue.keys.slice(0, 1)]);
    throw new SlicingError(
      field,
      `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((key) => `'${key}'`).join(', ')}` +
        `${root ? ` in ${root}` : ''}; valid fields: ${allowedKeys.join(', ')}`,
    );
  }
  const field = formatPath(root, issue.path) || 'input';
  throw new SlicingError(field, `${field} ${issue.message}`);
}
