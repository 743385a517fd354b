import { z } from 'zod';
import { readDelimitedBatches, type DelimitedRow } from '../csv-rows';
import { columnSchema, onInvalidSchema, parseOptions } from '../options';
import { recordSource, type RecordSource } from '../records';
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
  })
  .strict();

/** Options for {@link readCsv} and {@link readTsv}. */
export type DelimitedOptions = z.input<typeof optionsSchema>;

/** Reads a CSV file (RFC 4180 quoting) with the text and label columns chosen by name or position. */
export function readCsv(file: string, options: DelimitedOptions): RecordSource {
  return readDelimited(file, ',', parseOptions(optionsSchema, options, 'readCsv'));
}

/** Reads a TSV file (tab-separated; quoted fields allowed) with text and label columns by name or position. */
export function readTsv(file: string, options: DelimitedOptions): RecordSource {
  return readDelimited(file, '\t', parseOptions(optionsSchema, options, 'readTsv'));
}

function readDelimited(
  file: string,
  delimiter: ',' | '\t',
  options: z.output<typeof optionsSchema>,
): RecordSource {
  return recordSource(options.onInvalid, async function* (invalid) {
    const batches = readDelimitedBatches(file, delimiter, invalid)[Symbol.asyncIterator]();
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
      for (let rows = hasHeader ? ahead.slice(1) : ahead; ;) {
        for (const { fields, line } of rows) {
          const record = makeRecord(fields[textAt], fields[labelAt], file, line, invalid);
          if (record) yield record;
        }
        const next = await batches.next();
        if (next.done) break;
        rows = next.value;
      }
    } finally {
      await batches.return?.(undefined);
    }
  });
}
