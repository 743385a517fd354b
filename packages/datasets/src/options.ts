import { z } from 'zod';
import { OptionsError } from '@srnn/errors';
import { quoteInput } from './errors';

export { OptionsError, parseOptions } from '@srnn/errors';

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

/**
 * Refuses text and label options that name the same column or field (`shown`, e.g. `column 0
 * ("text")`; by default the option's value). Both fields are named, as data too, so that a
 * caller can say which of its own settings to change.
 */
export function assertDistinctColumns(
  text: string | number,
  label: string | number,
  where: string,
  shown = typeof text === 'string' ? `the column ${quoteInput(text)}` : `column ${text}`,
): void {
  if (text !== label) return;
  throw new OptionsError(where, [
    { field: 'text', message: `names ${shown}, as the label does` },
    { field: 'label', message: `names ${shown} too; the label must come from another column` },
  ]);
}
