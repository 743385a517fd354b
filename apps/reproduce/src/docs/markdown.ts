/**
 * Markdown as the repository's formatter (Prettier, proseWrap "preserve") writes it, so that a
 * generated section survives `pnpm format` unchanged: tables with padded, aligned columns, and
 * prose wrapped at 100 columns by us (Prettier keeps line breaks as they are).
 */

export type Alignment = 'left' | 'right';

/** One column of an {@link alignedTable}. */
export interface MarkdownColumn<Row> {
  header: string;
  /** The cell's text ('' for none). */
  cell: (row: Row) => string;
  /** Right for figures; left (the default) for names. */
  align?: Alignment;
}

/** A Markdown table with every column padded to its widest cell, as Prettier aligns it. */
export function alignedTable<Row>(rows: readonly Row[], columns: readonly MarkdownColumn<Row>[]) {
  const escape = (text: string) => text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
  const header = columns.map((c) => escape(c.header));
  const body = rows.map((row) => columns.map((c) => escape(c.cell(row))));
  const widths = columns.map((_, i) =>
    Math.max(3, header[i]!.length, ...body.map((cells) => cells[i]!.length)),
  );
  const pad = (text: string, i: number) =>
    columns[i]!.align === 'right' ? text.padStart(widths[i]!) : text.padEnd(widths[i]!);
  const line = (cells: string[]) => `| ${cells.map(pad).join(' | ')} |`;
  const rule = `| ${widths
    .map((w, i) => (columns[i]!.align === 'right' ? `${'-'.repeat(w - 1)}:` : '-'.repeat(w)))
    .join(' | ')} |`;
  return [line(header), rule, ...body.map(line)].join('\n');
}

// A line may not begin with what Markdown reads as a list item, heading or quote.
const blockStart = /^([-+*#>]|\d+[.)])$/;

/** Wraps one paragraph at `width` columns; words are never split. */
export function wrapProse(text: string, width = 100): string {
  const words = text.split(/\s+/).filter((w) => w.length > 0);
  const lines: string[][] = [];
  let current: string[] = [];
  let length = 0;
  for (const word of words) {
    const next = length === 0 ? word.length : length + 1 + word.length;
    if (next > width && current.length > 0 && !blockStart.test(word)) {
      lines.push(current);
      current = [word];
      length = word.length;
    } else {
      current.push(word);
      length = next;
    }
  }
  if (current.length > 0) lines.push(current);
  return lines.map((l) => l.join(' ')).join('\n');
}

/** A list item wrapped at `width` columns, its continuation lines indented under its text. */
export function bullet(text: string, width = 100): string {
  return `- ${wrapProse(text, width - 2).replace(/\n/g, '\n  ')}`;
}

/** Thousands separated by commas, as the paper and the prose write them: 4,096. */
export function grouped(value: number, digits = 0): string {
  return value.toLocaleString('en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

/** The cells of a pipe-table line ('| a | b |' -> ['a', 'b']). */
const cellsOf = (line: string) =>
  line
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split('|')
    .map((cell) => cell.trim());

/**
 * Markdown written line by line (pipe tables unpadded, paragraphs on one line) as the formatter
 * would leave it: each table through {@link alignedTable} (alignment read from its rule line) and
 * each paragraph line through {@link wrapProse}. Headings and blank lines stay as they are.
 */
export function formatted(markdown: string): string {
  const lines = markdown.split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length;) {
    const line = lines[i]!;
    if (line.startsWith('|') && lines[i + 1]?.startsWith('|')) {
      const block: string[][] = [];
      while (i < lines.length && lines[i]!.startsWith('|')) block.push(cellsOf(lines[i++]!));
      const [header, rule, ...rows] = block as [string[], string[], ...string[][]];
      const columns = header.map((title, c) => ({
        header: title,
        cell: (row: string[]) => row[c] ?? '',
        align: (rule[c]?.endsWith(':') ? 'right' : 'left') as Alignment,
      }));
      out.push(alignedTable(rows, columns));
      continue;
    }
    out.push(line === '' || line.startsWith('#') ? line : wrapProse(line));
    i += 1;
  }
  return out.join('\n');
}
