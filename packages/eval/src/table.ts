import { stringify } from 'csv-stringify/sync';

/** One column of a {@link table}. */
export interface Column<Row> {
  /** Header text. */
  readonly header: string;
  /** The cell's value: a property name of the row, or a function of the row. */
  readonly value: keyof Row | ((row: Row) => unknown);
  /** Turns the value into text (default: empty for null/undefined, else String(value)). */
  readonly format?: (value: unknown, row: Row) => string;
  /** Markdown alignment (default: right for numbers, left otherwise). */
  readonly align?: 'left' | 'right';
}

/** A results table that renders as Markdown or CSV. */
export interface Table {
  /** A GitHub-flavoured Markdown table ('|' in cells escaped). */
  markdown(): string;
  /** RFC 4180 CSV with a header row. */
  csv(): string;
  /** Header texts and formatted cells. */
  readonly headers: string[];
  readonly cells: string[][];
}

const defaultFormat = (value: unknown): string =>
  value === null || value === undefined ? '' : String(value);

/**
 * Builds a table from rows and column definitions, e.g. model, params, val %, test %, s/epoch,
 * with the paper's figures in columns beside ours.
 */
export function table<Row>(rows: readonly Row[], columns: readonly Column<Row>[]): Table {
  if (columns.length === 0) throw new Error('table: columns must list at least one column');
  const raw = rows.map((row) =>
    columns.map((column) =>
      typeof column.value === 'function' ? column.value(row) : row[column.value],
    ),
  );
  const cells = raw.map((values, r) =>
    values.map((value, c) => (columns[c]!.format ?? defaultFormat)(value, rows[r]!)),
  );
  const headers = columns.map((column) => column.header);
  const alignments = columns.map(
    (column, c) =>
      column.align ??
      (raw.length > 0 && raw.every((values) => typeof values[c] === 'number') ? 'right' : 'left'),
  );
  const escape = (text: string): string => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
  return {
    headers,
    cells,
    markdown: () => {
      const line = (items: string[]): string => `| ${items.join(' | ')} |`;
      const rule = alignments.map((a) => (a === 'right' ? '---:' : '---'));
      return [line(headers.map(escape)), line(rule), ...cells.map((row) => line(row.map(escape)))]
        .join('\n')
        .concat('\n');
    },
    csv: () => stringify([headers, ...cells]),
  };
}
