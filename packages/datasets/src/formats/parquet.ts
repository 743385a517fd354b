import { open } from 'node:fs/promises';
import type { AsyncBuffer } from 'hyparquet';
import { z } from 'zod';
import { DatasetError, listInputs, quoteInput } from '../errors';
import { maxRecordCharsSchema, onInvalidSchema, OptionsError, parseOptions } from '../options';
import { recordSource, type RecordSource } from '../records';
import { assertReadableFile } from '../text-input';
import { joinTitle } from './join-title';
import { makeRecord } from './records';

const optionsSchema = z
  .object({
    /** The text column (Hugging Face: `text`, or `content` beside `title`). */
    text: z.string().min(1).default('text'),
    /** The label column: integers (0-based on the Hugging Face Hub), strings or booleans. */
    label: z.string().min(1).default('label'),
    /** A title column joined before the text with a space, as the Zhang et al. CSVs are read. */
    title: z.string().min(1).optional(),
    /** Number of classes: when given, labels must be integers 0 to classes - 1. */
    classes: z.number().int().min(2).optional(),
    onInvalid: onInvalidSchema,
    /** The longest text read, in characters; longer ones are refused (or skipped). */
    maxRecordChars: maxRecordCharsSchema,
    /** The largest row group read (uncompressed bytes); one is held in memory at a time. */
    maxRowGroupBytes: z
      .number()
      .int()
      .positive()
      .default(1024 * 1024 * 1024),
  })
  .strict();

/** Options for {@link readParquet}. */
export type ParquetOptions = z.input<typeof optionsSchema>;

/**
 * Reads a Parquet file as the Hugging Face Hub serves text classification data sets
 * (`yelp_polarity`, `amazon_polarity`, ...: an integer `label` and `text`, or `title` and
 * `content`), one row group at a time (snappy or uncompressed). Labels are kept as the file writes
 * them: Hugging Face's are 0-based, as the records of the Zhang et al. CSVs are, so one data set
 * gets the same labels from either. A record's `line` is its 1-based row number.
 */
export function readParquet(file: string, options?: ParquetOptions): RecordSource {
  const o = parseOptions(optionsSchema, options, 'readParquet');
  const named = [o.text, o.label, ...(o.title ? [o.title] : [])];
  if (new Set(named).size !== named.length) {
    throw new OptionsError('readParquet', [
      {
        field: 'label',
        message: `text, label and title must name different columns, got ${listInputs(named)}`,
      },
    ]);
  }
  return recordSource(
    o.onInvalid,
    async function* (invalid) {
      await assertReadableFile(file);
      // Loaded on first use: only Parquet readers pay for it.
      const { parquetMetadataAsync, parquetReadObjects, parquetSchema } = await import('hyparquet');
      const handle = await open(file, 'r');
      try {
        const buffer = await fileBuffer(handle);
        const metadata = await parquet(file, () => parquetMetadataAsync(buffer));
        const present = parquetSchema(metadata).children.map((c) => c.element.name);
        for (const column of named) {
          if (!present.includes(column)) {
            throw new DatasetError(
              file,
              0,
              `has no column named ${quoteInput(column)}; columns present: ${listInputs(present)}`,
            );
          }
        }
        let rowStart = 0;
        for (const [g, group] of metadata.row_groups.entries()) {
          const rows = Number(group.num_rows);
          if (Number(group.total_byte_size) > o.maxRowGroupBytes) {
            throw new DatasetError(
              file,
              0,
              `row group ${g + 1} holds ${group.total_byte_size} bytes; the limit is ${o.maxRowGroupBytes} (maxRowGroupBytes)`,
            );
          }
          const objects = await parquet(file, () =>
            parquetReadObjects({
              file: buffer,
              metadata,
              columns: named,
              rowStart,
              rowEnd: rowStart + rows,
            }),
          );
          for (const [i, row] of objects.entries()) {
            const line = rowStart + i + 1;
            const text = row[o.text] as unknown;
            if (typeof text === 'string' && text.length > o.maxRecordChars) {
              invalid.report(
                'recordTooLong',
                file,
                line,
                `the text is longer than ${o.maxRecordChars} characters (maxRecordChars)`,
              );
              continue;
            }
            const title = o.title ? (row[o.title] as unknown) : undefined;
            const joined =
              typeof text === 'string' && typeof title === 'string' ? joinTitle(title, text) : text;
            const record = makeRecord(
              joined ?? undefined,
              labelOf(row[o.label]),
              file,
              line,
              invalid,
              quoteInput(o.text),
            );
            if (!record) continue;
            if (o.classes !== undefined && !isClass(record.label, o.classes)) {
              invalid.report(
                'badLabel',
                file,
                line,
                `label is ${quoteInput(record.label)}; expected an integer 0 to ${o.classes - 1}`,
              );
              continue;
            }
            yield record;
          }
          rowStart += rows;
        }
      } finally {
        await handle.close();
      }
    },
    file,
  );
}

/** A file as hyparquet's AsyncBuffer: slices are read on demand, never the whole file. */
async function fileBuffer(handle: Awaited<ReturnType<typeof open>>): Promise<AsyncBuffer> {
  const { size } = await handle.stat();
  return {
    byteLength: size,
    async slice(start: number, end = size): Promise<ArrayBuffer> {
      const bytes = new Uint8Array(Math.max(0, end - start));
      await handle.read(bytes, 0, bytes.length, start);
      return bytes.buffer;
    },
  };
}

/** Runs a hyparquet call, naming the file when it finds the file unreadable. */
async function parquet<T>(file: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof DatasetError) throw error;
    throw new DatasetError(
      file,
      0,
      `is not a readable Parquet file (${(error as Error).message.slice(0, 200)})`,
    );
  }
}

function labelOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean')
    return String(value);
  return undefined;
}

function isClass(label: string, classes: number): boolean {
  return /^\d+$/.test(label) && Number(label) < classes;
}
