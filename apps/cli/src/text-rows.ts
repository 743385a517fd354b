// The texts of an unlabelled CSV, TSV or JSONL file for `srnn predict --data`: one row per record
// with its line and id, or an error for that record (so that output stays one line per record).
import { formatOfFile } from '@srnn/pipeline';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import Papa from 'papaparse';

/** One record: its 1-based line, its id when the file has one, and its text or what is wrong. */
export type TextRow = { line: number; id?: string | number } & (
  { text: string } | { error: string }
);

/** Options of {@link readTextRows}. */
export interface TextRowOptions {
  format: 'auto' | 'csv' | 'tsv' | 'jsonl';
  /** The text column/key, or 0-based position (CSV/TSV). */
  textField: string | number;
  /** The id column/key; default 'id' when the file has one. */
  idField?: string;
}

/** The largest CSV/TSV file read (it is parsed whole, to give every record its line). */
export const MAX_DELIMITED_BYTES = 512 * 1024 * 1024;

const isId = (v: unknown): v is string | number =>
  (typeof v === 'string' && v !== '') || (typeof v === 'number' && Number.isFinite(v));

async function* jsonlRows(file: string, options: TextRowOptions): AsyncGenerator<TextRow> {
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  let line = 0;
  for await (const raw of lines) {
    line += 1;
    if (raw.trim() === '') continue;
    let record: unknown;
    try {
      record = JSON.parse(raw);
    } catch (error) {
      yield { line, error: `invalid JSON (${(error as Error).message})` };
      continue;
    }
    if (typeof record !== 'object' || record === null || Array.isArray(record)) {
      yield { line, error: 'a record must be a JSON object' };
      continue;
    }
    const fields = record as Record<string, unknown>;
    const idValue = fields[options.idField ?? 'id'];
    const id = isId(idValue) ? { id: idValue } : {};
    const text = fields[String(options.textField)];
    if (typeof text !== 'string') {
      yield {
        line,
        ...id,
        error:
          text === undefined
            ? `no "${options.textField}" key`
            : `"${options.textField}" is not a string`,
      };
    } else yield { line, ...id, text };
  }
}

/**
 * The 1-based line where each row starts: a newline ends a row unless it is inside quotes (RFC
 * 4180; a doubled quote toggles twice, so it changes nothing). Papa Parse yields the same rows.
 */
function rowStartLines(content: string): number[] {
  const starts = [1];
  let line = 1;
  let quoted = false;
  for (let i = 0; i < content.length; i++) {
    const c = content.charCodeAt(i);
    if (c === 0x22) quoted = !quoted;
    else if (c === 0x0a) {
      line += 1;
      if (!quoted) starts.push(line);
    }
  }
  return starts;
}

async function* delimitedRows(
  file: string,
  delimiter: ',' | '\t',
  options: TextRowOptions,
): AsyncGenerator<TextRow> {
  const size = (await stat(file)).size;
  if (size > MAX_DELIMITED_BYTES) {
    throw new Error(
      `${file} is ${size} bytes; predict --data reads CSV/TSV files up to ${MAX_DELIMITED_BYTES} bytes (split it, or use JSONL, which is streamed)`,
    );
  }
  const content = (await readFile(file, 'utf8')).replace(/^\uFEFF/, '');
  const parsed = Papa.parse<string[]>(content, { delimiter, skipEmptyLines: false });
  const starts = rowStartLines(content);
  const rows = parsed.data.map((fields, i) => ({ fields, line: starts[i] ?? 0 }));
  const [header, ...records] = rows;
  if (header === undefined || header.fields.every((f) => f.trim() === ''))
    throw new Error(`${file} is empty: expected a header line and records`);
  const names = header.fields.map((f) => f.trim());
  const textIndex =
    typeof options.textField === 'number' ? options.textField : names.indexOf(options.textField);
  if (textIndex < 0 || textIndex >= names.length) {
    throw new Error(
      `${file}, line 1: no text column ${JSON.stringify(options.textField)} in the header (${names.slice(0, 10).join(', ')}); choose one with --text-field`,
    );
  }
  const idIndex = names.indexOf(options.idField ?? 'id');
  if (options.idField !== undefined && idIndex < 0)
    throw new Error(
      `${file}, line 1: no id column ${JSON.stringify(options.idField)} in the header; check --id-field`,
    );
  for (const { fields, line: at } of records) {
    if (fields.length === 1 && fields[0] === '') continue;
    const id = idIndex >= 0 && isId(fields[idIndex]) ? { id: fields[idIndex]! } : {};
    if (fields.length !== names.length) {
      yield {
        line: at,
        ...id,
        error: `${fields.length} fields where the header has ${names.length}`,
      };
      continue;
    }
    yield { line: at, ...id, text: fields[textIndex]! };
  }
}

/**
 * The records of `file` (by extension unless `format` is given): JSONL streamed line by line,
 * CSV/TSV parsed whole (bounded by {@link MAX_DELIMITED_BYTES}) with a header line.
 *
 * @throws Error naming the file (and line) when the file as a whole cannot be read.
 */
export async function* readTextRows(
  file: string,
  options: TextRowOptions,
): AsyncGenerator<TextRow> {
  const info = await stat(file).catch(() => undefined);
  if (!info) throw new Error(`${file} not found`);
  if (!info.isFile()) throw new Error(`${file} is not a file`);
  const format = options.format === 'auto' ? formatOfFile(file) : options.format;
  if (format === 'jsonl') yield* jsonlRows(file, options);
  else yield* delimitedRows(file, format === 'csv' ? ',' : '\t', options);
}
