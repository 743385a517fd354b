import { DatasetError, listInputs, quoteInput } from '../errors';

/** A column chosen by header name or by 0-based position. */
export type ColumnSelector = string | number;

/** Whether a delimited file starts with a header row. */
export type HeaderMode = 'auto' | 'present' | 'absent';

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/** Rows read ahead to decide whether the first row is a header. */
export const HEADER_LOOKAHEAD = 100;

/**
 * The 'auto' header rule: a header is present when any column is chosen by name. With positions
 * only, the first row is a header when every cell looks like a column name (1 to 40 characters,
 * at most three words, not a number) and its label cell does not recur as a label in the next
 * rows (a real label such as `pos` would).
 */
export function detectHeader(
  firstRow: readonly string[],
  selectors: { text: ColumnSelector; label: ColumnSelector },
  nextRows: readonly (readonly string[])[] = [],
): boolean {
  if (typeof selectors.text === 'string' || typeof selectors.label === 'string') return true;
  const looksLikeNames = firstRow.every((cell) => {
    const c = cell.trim();
    return c.length > 0 && c.length <= 40 && c.split(/\s+/).length <= 3 && !NUMBER.test(c);
  });
  const labelAt = selectors.label;
  return looksLikeNames && !nextRows.some((row) => row[labelAt] === firstRow[labelAt]);
}

/** Resolves a selector to a 0-based index, with an error listing the columns that exist. */
export function resolveColumn(
  selector: ColumnSelector,
  header: readonly string[] | undefined,
  role: string,
  file: string,
): number {
  if (typeof selector === 'number') return selector;
  if (!header) {
    throw new DatasetError(
      file,
      1,
      `the ${role} column is named ${quoteInput(selector)} but the file has no header row; choose it by position`,
    );
  }
  const at = header.indexOf(selector);
  if (at < 0) {
    throw new DatasetError(
      file,
      1,
      `no ${role} column named ${quoteInput(selector)}; columns present: ${listInputs(header)}`,
    );
  }
  return at;
}
