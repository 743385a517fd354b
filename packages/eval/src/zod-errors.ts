import type { z } from 'zod';

/**
 * Turns a zod error into one message that names every bad field and what it accepts, e.g.
 * `trainClassifier options: batchSize: must be an integer >= 1`.
 */
export function describeZodError(context: string, error: z.ZodError): string {
  const lines = error.issues.map((issue) => {
    const field = issue.path.length > 0 ? issue.path.map(String).join('.') : '(options)';
    if (issue.code === 'unrecognized_keys') {
      return `${field}: unknown option(s) ${issue.keys.map((k) => `'${k}'`).join(', ')}`;
    }
    return `${field}: ${issue.message}`;
  });
  return `${context}: ${lines.join('; ')}`;
}
