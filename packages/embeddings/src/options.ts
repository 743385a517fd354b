import type { z } from 'zod';

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
  const problems = result.error.issues.map(
    (issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(options)'}: ${issue.message}`,
  );
  throw new OptionsError(`${where}: invalid options: ${problems.join('; ')}`);
}
