import { z } from 'zod';
import { readDelimitedBatches, type DelimitedRow } from '../csv-rows';
import { DatasetError, quoteInput } from '../errors';
import {
  assertDistinctColumns,
  columnSchema,
  maxRecordCharsSchema,
  onInvalidSchema,
  parseOptions,
} from '../options';
import { recordSource, type RecordSource } from '../records';
import type { InvalidRecords } from '../skips';
import { detectHeader, HEADER_LOOKAHEAD, resolveColumn } from './columns';
import { makeRecord } from './records';

const optionsSchema = z
  .object({
    /** The text column: header name or 0-based position. */
    text: columnSchema,
    /** The label column: header name or 0-based position. */
    label: columnSchema,
    /** Whether the first row is a header; 'auto' applies the rule of {@link detectHeader}. */
    header: z.enum(['auto', 'present', 'absent']).default('auto'),
    onInvalid: onInvalidSchema,
    /** The longest record read, in characters; longer ones are refused (or skipped). */
    maxRecordChars: maxRecordCharsSchema,
  })
  .strict();

/** Options for {@link readCsv} and {@link readTsv}. */
export type DelimitedOptions = z.input<typeof optionsSchema>;

/**
 * Reads a CSV file (RFC 4180 quoting) with the text and label columns chosen by name or position.
 * Every row must have as many fields as the header (or, without a header, as the first row): a
 * row with more or fewer is refused or, under `onInvalid: 'skip'`, skipped and counted, never
 * read with its fields shifted.
 */
export function readCsv(file: string, options: DelimitedOptions): RecordSource {
  return readDelimited(file, ',', parse(options, 'readCsv'));
}

/** Reads a TSV file (tab-separated; quoted fields allowed); the rules of {@link readCsv}. */
export function readTsv(file: string, options: DelimitedOptions): RecordSource {
  return readDelimited(file, '\t', parse(options, 'readTsv'));
}

function parse(options: DelimitedOptions, where: string): z.output<typeof optionsSchema> {
  const parsed = parseOptions(optionsSchema, options, where);
  assertDistinctColumns(parsed.text, parsed.label, where);
  return parsed;
}

function readDelimited(
  file: string,
  delimiter: ',' | '\t',
  options: z.output<typeof optionsSchema>,
): RecordSource {
  return recordSource(
    options.onInvalid,
    async function* (invalid) {
      const batches = readDelimitedBatches(file, delimiter, invalid, {
        maxRecordChars: options.maxRecordChars,
        firstMayBeHeader: options.header !== 'absent',
      })[Symbol.asyncIterator]();
      // Read a few rows ahead to decide whether the first one is a header.
      const ahead: DelimitedRow[] = [];
      while (ahead.length <= HEADER_LOOKAHEAD) {
        const next = await batches.next();
        if (next.done) break;
        for (const row of next.value) ahead.push(row);
      }
      const first = ahead[0];
      if (!first) return;
      try {
        const hasHeader =
          options.header === 'present' ||
          (options.header === 'auto' &&
            detectHeader(
              first.fields,
              options,
              ahead.slice(1, HEADER_LOOKAHEAD + 1).map((row) => row.fields),
            ));
        const header = hasHeader ? first.fields : undefined;
        const textAt = resolveColumn(options.text, header, 'text', file);
        const labelAt = resolveColumn(options.label, header, 'label', file);
        assertDistinctColumns(
          textAt,
          labelAt,
          `${file}, line ${first.line}`,
          `column ${textAt} (${quoteInput(first.fields[textAt] ?? '')})`,
        );
        const width = first.fields.length;
        // A column chosen by position past the last field would make every row "too short".
        for (const [role, at] of [
          ['text', textAt],
          ['label', labelAt],
        ] as const) {
          if (at >= width) {
            throw new DatasetError(
              file,
              first.line,
              `the ${role} column is position ${at}, but the ${hasHeader ? 'header' : 'first row'} has ${width} field${width === 1 ? '' : 's'} (positions 0 to ${width - 1})`,
            );
          }
        }
        const textField = header ? quoteInput(header[textAt] ?? '') : `column ${textAt}`;
        for (let rows = hasHeader ? ahead.slice(1) : ahead; ;) {
          for (const { fields, line } of rows) {
            if (!hasWidth(fields, width, hasHeader, file, line, invalid)) continue;
            const record = makeRecord(
              fields[textAt],
              fields[labelAt],
              file,
              line,
              invalid,
              textField,
            );
            if (record) yield record;
          }
          const next = await batches.next();
          if (next.done) break;
          rows = next.value;
        }
      } finally {
        await batches.return?.(undefined);
      }
    },
    file,
  );
}

/** Whether a row has the header's (or first row's) number of fields; reports it when not. */
function hasWidth(
  fields: readonly string[],
  width: number,
  hasHeader: boolean,
  file: string,
  line: number,
  invalid: InvalidRecords,
): boolean {
  if (fields.length === width) return true;
  const against = hasHeader ? 'the header has' : 'the first row has';
  invalid.report(
    fields.length > width ? 'extraFields' : 'missingField',
    file,
    line,
    `the row has ${fields.length} field${fields.length === 1 ? '' : 's'} but ${against} ${width}; ${
      fields.length > width
        ? 'a field that holds the delimiter must be quoted ("...")'
        : 'every row needs every column'
    }`,
  );
  return false;
}
