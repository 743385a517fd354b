import { z } from 'zod';
import { readLines } from '../lines';
import {
  assertDistinctColumns,
  columnSchema,
  maxRecordCharsSchema,
  onInvalidSchema,
  parseOptions,
} from '../options';
import { quoteInput } from '../errors';
import { recordSource, type RecordSource } from '../records';
import { makeRecord } from './records';

const optionsSchema = z
  .object({
    /** The text field: a key of each line's object, or a 0-based position in each line's array. */
    text: columnSchema,
    /** The label field: a key or a 0-based position. Numbers and booleans read as strings. */
    label: columnSchema,
    onInvalid: onInvalidSchema,
    /** The longest line read, in characters; longer ones are refused (or skipped). */
    maxRecordChars: maxRecordCharsSchema,
  })
  .strict();

/** Options for {@link readJsonl}. */
export type JsonlOptions = z.input<typeof optionsSchema>;

/**
 * Reads JSON Lines: one JSON object (fields by key) or array (fields by position) a line; empty
 * lines are ignored. The text must be a JSON string (a number or null is refused, never
 * stringified); a label may be a string, a number or a boolean.
 */
export function readJsonl(file: string, options: JsonlOptions): RecordSource {
  const { text, label, onInvalid, maxRecordChars } = parseOptions(
    optionsSchema,
    options,
    'readJsonl',
  );
  assertDistinctColumns(text, label, 'readJsonl');
  const textField = typeof text === 'string' ? quoteInput(text) : `at position ${text}`;
  return recordSource(
    onInvalid,
    async function* (invalid) {
      for await (const { text: raw, line } of readLines(file, invalid, maxRecordChars)) {
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
        const record = makeRecord(
          field(value, text),
          labelOf(field(value, label)),
          file,
          line,
          invalid,
          textField,
        );
        if (record) yield record;
      }
    },
    file,
  );
}

function field(value: object, selector: string | number): unknown {
  return Object.hasOwn(value, selector)
    ? (value as Record<string | number, unknown>)[selector]
    : undefined;
}

/** Labels may be strings, numbers or booleans (read as strings); anything else is no label. */
function labelOf(field: unknown): string | undefined {
  if (typeof field === 'string') return field;
  if (typeof field === 'number' || typeof field === 'boolean') return String(field);
  return undefined;
}
