import { z } from 'zod';

/** Thrown when options fail validation; the message names each bad field and what is allowed. */
export class OptionsError extends Error {
  override readonly name = 'OptionsError';
}

/** Validates options at a public boundary; errors name the function, the field and the allowed values. */
export function parseOptions<S extends z.ZodType>(
  schema: S,
  value: unknown,
  where: string,
): z.output<S> {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const field = issue.path.length > 0 ? issue.path.join('.') : '(options)';
    return `${field}: ${issue.message}`;
  });
  throw new OptionsError(`${where}: invalid options: ${problems.join('; ')}`);
}

/** The shared `onInvalid` option: stop at the first invalid record, or skip and count. */
export const onInvalidSchema = z.enum(['error', 'skip']).default('error');

/** A column chosen by header name or by 0-based position. */
export const columnSchema = z.union([z.string().min(1), z.number().int().nonnegative()]);
