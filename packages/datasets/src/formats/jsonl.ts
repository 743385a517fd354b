import { z } from 'zod';
import { readLines } from '../lines';
import { columnSchema, onInvalidSchema, parseOptions } from '../options';
import { recordSource, type RecordSource } from '../records';
import { makeRecord } from './records';

const optionsSchema = z
  .object({
    /** The text field: a key of each line's object, or a 0-based position in each line's array. */
    text: columnSchema,
    /** The label field: a key or a 0-based position. Numbers and booleans read as strings. */
    label: columnSchema,
    onInvalid: onInvalidSchema,
  })
  .strict();

/** Options for {@link readJsonl}. */
export type JsonlOptions = z.input<typeof optionsSchema>;

/**
 * Reads JSON Lines: one JSON object (fields by key) or array (fields by position) a line; empty
 * lines are ignored.
 */
export function readJsonl(file: string, options: JsonlOptions): RecordSource {
  const { text, label, onInvalid } = parseOptions(optionsSchema, options, 'readJsonl');
  return recordSource(onInvalid, async function* (invalid) {
    for await (const { text: raw, line } of readLines(file, invalid)) {
      let value: unknown;
      try {
        value = JSON.parse(raw);
      } catch (error) {
        invalid.report(
          'invalidJson',
          file,
          line,
          `is not valid JSON (${(error as Error).message})`,
        );
        continue;
      }
      if (typeof value !== 'object' || value === null) {
        invalid.report('malformedRow', file, line, 'expected a JSON object or array on the line');
        continue;
      }
      const record = makeRecord(pick(value, text), pick(value, label), file, line, invalid);
      if (record) yield record;
    }
  });
}

function pick(value: object, selector: string | number): string | undefined {
  const field = (value as Record<string | number, unknown>)[selector];
  if (typeof field === 'string') return field;
  if (typeof field === 'number' || typeof field === 'boolean') return String(field);
  return undefined;
}
