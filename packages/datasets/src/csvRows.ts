import { pipeline, Readable } from 'node:stream';
import { parse, type CsvError } from 'csv-parse';
import { DatasetError } from './errors';
import type { InvalidRecords } from './skips';
import { readUtf8Chunks } from './utf8Chunks';

/** One parsed row of a delimited file with the 1-based line where it starts. */
export interface DelimitedRow {
  fields: string[];
  line: number;
}

/** The field separator of a delimited file. */
export type Delimiter = ',' | '\t';

interface ParsedRecord {
  record: string[];
  info: { lines: number; empty_lines: number };
  /** The record's source text (asked for when skipping, to check its quoting). */
  raw?: string;
}

/**
 * Streams the rows of a CSV or TSV file through csv-parse (RFC 4180 quoting: fields may hold
 * delimiters, quotes written `""`, and newlines). Empty lines are ignored. Rows with broken quoting
 * or bytes that are not UTF-8 are an error naming the line, or are skipped and counted.
 */
export async function* readDelimitedRows(
  file: string,
  delimiter: Delimiter,
  invalid: InvalidRecords,
): AsyncGenerator<DelimitedRow> {
  const badLines = new Set<number>();
  const skipping = invalid.policy === 'skip';
  let lastEndLine = 0;
  let lastEmptyLines = 0;
  const parser = parse({
    delimiter,
    info: true,
    relax_column_count: true,
    skip_empty_lines: true,
    // When skipping, stray quotes are read leniently so the parser never loses its place (its own
    // recovery after malformed quoting drops the rows that follow), and each record with a quote
    // is checked strictly below.
    relax_quotes: skipping,
    raw: skipping,
    skip_records_with_error: skipping,
    on_skip: (error: CsvError | undefined) => {
      invalid.count(error?.code === 'CSV_QUOTE_NOT_CLOSED' ? 'unterminatedQuote' : 'malformedRow');
    },
  });
  // pipeline (unlike pipe) passes a read error on to the parser, so the loop below sees it.
  pipeline(
    Readable.from(readUtf8Chunks(file, { strictUtf8: !skipping, badLines })),
    parser,
    () => {},
  );
  try {
    for await (const { record, info, raw } of parser as AsyncIterable<ParsedRecord>) {
      // Where the record starts: after the previous record and any empty lines between.
      const line = lastEndLine + 1 + (info.empty_lines - lastEmptyLines);
      lastEndLine = info.lines;
      lastEmptyLines = info.empty_lines;
      if (badLines.size > 0 && spansBadLine(badLines, line, info.lines)) {
        invalid.report('invalidUtf8', file, line, 'is not valid UTF-8');
        continue;
      }
      if (raw !== undefined && !hasStrictQuoting(raw, delimiter)) {
        invalid.report('malformedRow', file, line, 'malformed quoting');
        continue;
      }
      yield { fields: record, line };
    }
  } catch (error) {
    throw locate(error, file, lastEndLine + 1);
  } finally {
    parser.destroy();
  }
}

/**
 * Whether a record's source text follows RFC 4180 quoting: a field is either unquoted and free of
 * quotes, or quoted from start to end with inner quotes doubled.
 */
export function hasStrictQuoting(raw: string, delimiter: Delimiter): boolean {
  if (!raw.includes('"')) return true;
  const n = raw.length;
  let i = 0;
  while (i <= n) {
    if (raw[i] === '"') {
      // Quoted field: find the closing quote, stepping over doubled ones.
      let j = i + 1;
      for (;;) {
        const q = raw.indexOf('"', j);
        if (q < 0) return false;
        if (raw[q + 1] === '"') {
          j = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      if (i < n && raw[i] !== delimiter && raw[i] !== '\n') return false;
    } else {
      let end = raw.indexOf(delimiter, i);
      const newline = raw.indexOf('\n', i);
      if (end < 0 || (newline >= 0 && newline < end)) end = newline < 0 ? n : newline;
      if (raw.slice(i, end).includes('"')) return false;
      i = end;
    }
    if (i >= n || raw[i] === '\n') return true;
    i++; // past the delimiter
  }
  return true;
}

function spansBadLine(badLines: Set<number>, first: number, last: number): boolean {
  for (let l = first; l <= last; l++) if (badLines.has(l)) return true;
  return false;
}

function locate(error: unknown, file: string, line: number): Error {
  if (error instanceof DatasetError) return error;
  const code = (error as { code?: string }).code;
  if (code === 'CSV_QUOTE_NOT_CLOSED') {
    return new DatasetError(
      file,
      line,
      'a quoted field opens here and is never closed (unterminated quote); close it with `"` and write inner quotes as `""`',
    );
  }
  if (
    code === 'CSV_INVALID_CLOSING_QUOTE' ||
    code === 'INVALID_OPENING_QUOTE' ||
    code === 'CSV_INVALID_OPENING_QUOTE'
  ) {
    return new DatasetError(
      file,
      (error as { lines?: number }).lines ?? line,
      `malformed quoting (${(error as Error).message}); inside a quoted field write a quote as \`""\``,
    );
  }
  return error instanceof Error ? error : new Error(String(error));
}
