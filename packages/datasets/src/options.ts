import { z } from 'zod';
import { quoteInput } from './errors';

/** Thrown when options fail validation; the message names each bad field and what is allowed. */
export class OptionsError extends Error {
  override readonly name = 'OptionsError';
  /**
   * @param fields the options at fault (library names, e.g. 'onInvalid'), for callers that map
   *   them to their own names (a command line's flags)
   */
  constructor(
    message: string,
    readonly fields: readonly string[] = [],
  ) {
    super(message);
  }
}

/** Validates options at a public boundary; errors name the function, the field and the allowed values. */
export function parseOptions<S extends z.ZodType>(
  schema: S,
  value: unknown,
  where: string,
): z.output<S> {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const fields: string[] = [];
  const problems = result.error.issues.map((issue) => {
    const field = issue.path.length > 0 ? issue.path.join('.') : '(options)';
    fields.push(field);
    return `${field}: ${issue.message}`;
  });
  throw new OptionsError(`${where}: invalid options: ${problems.join('; ')}`, fields);
}

/** The shared `onInvalid` option: stop at the first invalid record, or skip and count. */
export const onInvalidSchema = z.enum(['error', 'skip']).default('error');

/** A column chosen by header name or by 0-based position. */
export const columnSchema = z.union([z.string().min(1), z.number().int().nonnegative()]);

/**
 * The longest record (a row of a delimited file, a line of a line-based one) read by default, in
 * characters: 4 Mi, hundreds of times a long review. Longer ones are refused (or skipped), so
 * that an unterminated quote or a file without line ends cannot fill the memory.
 */
export const DEFAULT_MAX_RECORD_CHARS = 4 * 1024 * 1024;

/** The shared `maxRecordChars` option. */
export const maxRecordCharsSchema = z.number().int().positive().default(DEFAULT_MAX_RECORD_CHARS);

/** Refuses text and label options that name the same column or field. */
export function assertDistinctColumns(
  text: string | number,
  label: string | number,
  where: string,
): void {
  if (text !== label) return;
  const shown = typeof text === 'string' ? `the column ${quoteInput(text)}` : `column ${text}`;
  throw new OptionsError(
    `${where}: invalid options: text and label both name ${shown}; the label must come from another column`,
    ['text', 'label'],
  );
}
