import type { z } from 'zod';

/** A configuration error at the pipeline's boundary; the message names each bad field and what is allowed. */
export class PipelineConfigError extends Error {
  override readonly name = 'PipelineConfigError';
}

/** Validates `value` against `schema`, throwing one {@link PipelineConfigError} that lists every problem. */
export function parseConfig<S extends z.ZodType>(
  schema: S,
  value: unknown,
  where: string,
): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const field = issue.path.length > 0 ? issue.path.join('.') : '(value)';
    return `${field}: ${issue.message}`;
  });
  throw new PipelineConfigError(`${where}: ${problems.join('; ')}`);
}
