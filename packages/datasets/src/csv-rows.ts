import Papa from 'papaparse';
import { DatasetError, type Remedy } from './errors';
import { tooLong, tooLongRemedy } from './lines';
import { DEFAULT_MAX_RECORD_CHARS } from './options';
import type { InvalidRecords, SkipReason } from './skips';
import { readUtf8Chunks } from './utf8-chunks';

/** One parsed row of a delimited file with the 1-based line where it starts. */
export interface DelimitedRow {
  fields: string[];
  line: number;
}

/** The field separator of a delimited file. */
export type Delimiter = ',' | '\t';

const NEWLINE = 0x0a;
const QUOTE = 0x22;

const UNTERMINATED =
  'a quoted field opens here and is never closed (unterminated quote); close it with `"` and write inner quotes as `""`';
const MALFORMED =
  'malformed quoting (a quote inside a field that is not quoted as a whole, or text after the closing quote of a quoted field); inside a quoted field write a quote as `""`';

/** Options of {@link readDelimitedBatches}. */
export interface DelimitedReadOptions {
  /** Bytes read at a time (1 MiB unless given). */
  chunkBytes?: number;
  /** The longest record read, in characters ({@link DEFAULT_MAX_RECORD_CHARS} unless given). */
  maxRecordChars?: number;
  /**
   * The first record may be the header: an invalid first record is then refused whatever the
   * policy, since skipping it would take the next record for the header. Default false.
   */
  firstMayBeHeader?: boolean;
}

/**
 * Streams the rows of a CSV or TSV file through Papa Parse (RFC 4180 quoting: fields may hold
 * delimiters, quotes written `""`, and newlines), in batches (the rows of a chunk of the file, so
 * that rows cost no asynchronous step each). Empty lines are ignored. Rows with broken quoting,
 * bytes that are not UTF-8 or more than `maxRecordChars` characters are an error naming the line
 * (thrown after the rows before it have been yielded), or are skipped and counted. A record over
 * the limit is never held whole: reading resumes at the line after the one where it starts, as it
 * does after a quote that is never closed on its line (even when a later record's quote seems to
 * close it), so every record after it is read (or counted) again.
 * A first record over the limit is refused whatever the policy (it would be the header).
 */
export async function* readDelimitedBatches(
  file: string,
  delimiter: Delimiter,
  invalid: InvalidRecords,
  options: DelimitedReadOptions = {},
): AsyncGenerator<DelimitedRow[]> {
  const maxChars = options.maxRecordChars ?? DEFAULT_MAX_RECORD_CHARS;
  const badLines = new Set<number>();
  const rows = new RowSplitter(
    file,
    delimiter,
    invalid,
    badLines,
    maxChars,
    options.firstMayBeHeader ?? false,
  );
  let pending = '';
  /** Length of the text the parser was last given but could not finish (a row still open). */
  let unfinished = 0;
  for await (const chunk of readUtf8Chunks(
    file,
    { strictUtf8: invalid.policy === 'error', badLines },
    options.chunkBytes,
  )) {
    // readUtf8Chunks never cuts a character, so each chunk decodes on its own.
    pending += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
    // A row longer than a chunk is parsed again from its start each time: waiting until the text
    // has doubled keeps that work linear in the row's length.
    if (pending.length < 2 * unfinished && pending.length <= maxChars) continue;
    const complete = rows.split(pending, false);
    pending = pending.slice(rows.consumed);
    unfinished = pending.length;
    if (complete.length > 0) yield complete;
    if (rows.failure) throw rows.failure;
    if (pending.length > maxChars) {
      // The row still open is too long: report it and resume at the line after its start.
      pending = pending.slice(rows.dropOpenRow(pending));
      unfinished = 0;
    }
  }
  const complete = rows.split(pending, true);
  if (complete.length > 0) yield complete;
  if (rows.failure) throw rows.failure;
}

/** Papa Parse's reports of a row's quoting problems (they do not say where the row starts). */
interface ParseError {
  code: string;
  /** Offset, in the text given to the parser, just past the opening quote of the field. */
  index: number;
}

/** What the low-level parser passes its step callback (`Papa.parse` would unwrap `data`). */
interface StepResult {
  /** The row, alone in an array. */
  data: string[][];
  errors: ParseError[];
  meta: { cursor: number };
}

/**
 * Splits decoded text into rows with Papa Parse and checks each row: its starting line (counted
 * over the row's own text, so fields holding newlines and skipped empty lines are accounted for),
 * bytes that were not UTF-8, and strict RFC 4180 quoting, which Papa Parse does not enforce.
 */
class RowSplitter {
  /** Line where the next row starts. */
  #line = 1;
  /** After {@link split}: where in its text the rows not yet complete begin. */
  consumed = 0;
  /** The next row is the rest of a malformed row already reported (a field was cut out of it). */
  #continuing = false;
  /** The error that stopped {@link split}, to throw once the rows before it are passed on. */
  failure: unknown = null;
  /** Offset of the next quote in the text being split (-1: none; -2: not searched yet). */
  #nextQuote = -2;
  /** The text up to the next newline belongs to a record already reported as too long. */
  #dropToNewline = false;
  /** Whether a record has been taken yet (the first one may be a header: it is never skipped). */
  #first = true;

  constructor(
    readonly file: string,
    readonly delimiter: Delimiter,
    readonly invalid: InvalidRecords,
    readonly badLines: ReadonlySet<number>,
    readonly maxChars: number,
    readonly firstMayBeHeader: boolean,
  ) {}

  /**
   * Reports the row that starts `text` and is still open past the length limit, and returns where
   * reading resumes: just past the first newline after the row's start (the end of `text` when
   * there is none yet; the rest of that line is then dropped as it comes).
   */
  dropOpenRow(text: string): number {
    this.#reportTooLong(this.#line);
    const newline = text.indexOf('\n');
    if (newline < 0) {
      this.#dropToNewline = true;
      return text.length;
    }
    this.#line++;
    return newline + 1;
  }

  /** Reports a record over the length limit; the first record is refused whatever the policy. */
  #reportTooLong(line: number): void {
    const remedy = tooLongRemedy(this.maxChars);
    if (this.#first) throw new DatasetError(this.file, line, tooLong(this.maxChars), remedy);
    this.invalid.report('recordTooLong', this.file, line, tooLong(this.maxChars), remedy);
  }

  /**
   * Reports an invalid record under the policy, except a first record that may be the header,
   * which is refused whatever the policy: skipping it would take the next record for the header.
   */
  #report(reason: SkipReason, line: number, message: string, remedy?: Remedy): void {
    if (this.#first && this.firstMayBeHeader) {
      throw new DatasetError(
        this.file,
        line,
        `${message} (the first record, which may be the header, is never skipped)`,
        remedy,
      );
    }
    this.invalid.report(reason, this.file, line, message, remedy);
  }

  /**
   * The complete rows of `text` (all of them when `final`); sets {@link consumed}. An invalid row
   * under the 'error' policy ends the rows returned and sets {@link failure}.
   */
  split(text: string, final: boolean): DelimitedRow[] {
    const out: DelimitedRow[] = [];
    try {
      this.#splitInto(text, final, out);
    } catch (error) {
      this.failure = error;
    }
    return out;
  }

  #splitInto(text: string, final: boolean, out: DelimitedRow[]): void {
    this.#nextQuote = -2;
    let from = 0;
    if (this.#dropToNewline) {
      const newline = text.indexOf('\n');
      if (newline < 0) {
        this.consumed = text.length;
        return;
      }
      this.#dropToNewline = false;
      this.#line++;
      from = newline + 1;
    }
    for (;;) {
      const offset = from;
      /** Where the row being parsed starts in `text`. */
      let start = from;
      /** Set when a malformed row was cut out by hand: parsing goes on from there. */
      let restart = -1;
      const parser = new Papa.Parser({
        delimiter: this.delimiter,
        newline: '\n',
        quoteChar: '"',
        escapeChar: '"',
        step: ((result: StepResult) => {
          const end = offset + result.meta.cursor;
          const resume = this.#take(text, start, end, result, offset, final, out);
          if (resume === end) {
            start = end;
            return;
          }
          // A malformed row ends elsewhere than where Papa Parse would have it end.
          restart = resume;
          parser.abort();
        }) as unknown as Papa.ParseConfig['step'],
      });
      const result = parser.parse(
        offset === 0 ? text : text.slice(offset),
        0,
        !final,
      ) as StepResult;
      if (restart < 0 && !final && result.errors[0]?.code === 'InvalidQuotes') {
        // The row still open is already known to be malformed: deal with it now rather than let
        // the parser look for its end, possibly through the rest of the file.
        restart = this.#take(text, start, -1, result, offset, final, out);
      }
      if (restart < 0 || restart === start) {
        this.consumed = start;
        return;
      }
      from = restart;
    }
  }

  /**
   * Checks the row `text[start, end)` (`end` -1 when the parser has not found its end yet) and
   * adds it to `out` if valid. Returns where the next row starts, or `start` when the row must
   * wait for more text.
   */
  #take(
    text: string,
    start: number,
    end: number,
    result: StepResult,
    offset: number,
    final: boolean,
    out: DelimitedRow[],
  ): number {
    const first = result.errors[0];
    if (first?.code === 'InvalidQuotes') {
      const contentStart = offset + first.index;
      const closes = closesOnItsLine(text, contentStart);
      if (closes === undefined && !final) return start;
      if (closes === false) {
        // The quote "closes" on a later line, with text after it: most likely it never closed
        // and the quote that ends it opens a later record. Resume at the line after the opening
        // quote, as for a quote that nothing closes, so only this record is lost (a quoted field
        // that truly spans lines is then counted once for each line it loses).
        return this.#dropUnterminated(text, start, contentStart, end);
      }
      if (!this.#continuing && this.invalid.policy === 'error')
        this.#report('malformedRow', this.#line, MALFORMED);
      // Papa Parse reads on past a bad closing quote and would swallow the rows that follow;
      // instead the field ends at the next delimiter or newline after that quote.
      const cut = this.#relaxedFieldEnd(text, offset + first.index, final);
      if (cut < 0) return start;
      const line = this.#advance(text, start, cut);
      if (!this.#continuing) {
        if (this.#spansBadLine(text, line, start, cut)) {
          this.#report('invalidUtf8', line, 'is not valid UTF-8');
        } else this.#report('malformedRow', line, MALFORMED);
      }
      this.#first = false;
      // Cut after a delimiter: the rest of the row is still to be read (and dropped).
      this.#continuing = text[cut - 1] === this.delimiter;
      return cut;
    }
    if (first?.code === 'MissingQuotes' && !this.#continuing) {
      return this.#dropUnterminated(text, start, offset + first.index, end);
    }
    const line = this.#advance(text, start, end);
    if (this.#continuing) {
      this.#continuing = false;
      return end;
    }
    // An empty line, or the empty end of the text after its last newline.
    if (end === start || (end === start + 1 && text.charCodeAt(start) === NEWLINE)) return end;
    if (end - start > this.maxChars) {
      this.#reportTooLong(line);
    } else if (this.#spansBadLine(text, line, start, end)) {
      this.#report('invalidUtf8', line, 'is not valid UTF-8');
    } else if (
      this.#hasQuote(text, start, end) &&
      !hasStrictQuoting(text.slice(start, end), this.delimiter)
    ) {
      this.#report('malformedRow', line, MALFORMED);
    } else {
      out.push({ fields: result.data[0] as string[], line });
    }
    this.#first = false;
    return end;
  }

  /**
   * Reports the record at `start` whose quote (content from `contentStart`) is never closed on its
   * line, and returns where reading resumes: the line after the opening quote (`end` when there is
   * no later line), so only this record is lost. The rest of a record already reported is dropped
   * without a second report.
   */
  #dropUnterminated(text: string, start: number, contentStart: number, end: number): number {
    const newline = text.indexOf('\n', contentStart);
    const resume = newline < 0 ? (end < 0 ? text.length : end) : newline + 1;
    const line = this.#advance(text, start, resume);
    if (this.#continuing) {
      this.#continuing = false;
      this.#first = false;
      return resume;
    }
    if (this.#spansBadLine(text, line, start, resume)) {
      this.#report('invalidUtf8', line, 'is not valid UTF-8');
    } else this.#report('unterminatedQuote', line, UNTERMINATED);
    this.#first = false;
    return resume;
  }

  /** Whether `text[start, end)` holds a quote; the search is shared by the rows of a text. */
  #hasQuote(text: string, start: number, end: number): boolean {
    if (this.#nextQuote === -2 || (this.#nextQuote >= 0 && this.#nextQuote < start))
      this.#nextQuote = text.indexOf('"', start);
    return this.#nextQuote >= 0 && this.#nextQuote < end;
  }

  /** Counts the lines of `text[start, end)`; returns the line where it starts. */
  #advance(text: string, start: number, end: number): number {
    const line = this.#line;
    this.#line += countNewlines(text, start, end);
    return line;
  }

  /** Whether `text[start, end)`, starting at `line`, holds a line with bytes that were not UTF-8. */
  #spansBadLine(text: string, line: number, start: number, end: number): boolean {
    if (this.badLines.size === 0) return false;
    const last = line + countNewlines(text, start, end > start ? end - 1 : end);
    for (let l = line; l <= last; l++) if (this.badLines.has(l)) return true;
    return false;
  }

  /**
   * Where a quoted field with text after its closing quote ends when read as csv-parse's
   * `relax_quotes` would: just past the first delimiter or newline after that quote (the end of
   * the text when final). -1 when more text is needed to know.
   */
  #relaxedFieldEnd(text: string, contentStart: number, final: boolean): number {
    let quote = contentStart;
    for (;;) {
      quote = text.indexOf('"', quote);
      if (quote < 0) return final ? text.length : -1;
      if (text.charCodeAt(quote + 1) !== QUOTE) break;
      quote += 2;
    }
    const newline = text.indexOf('\n', quote + 1);
    const delimiter = text.indexOf(this.delimiter, quote + 1);
    const end = delimiter >= 0 && (newline < 0 || delimiter < newline) ? delimiter : newline;
    if (end >= 0) return end + 1;
    return final ? text.length : -1;
  }
}

/**
 * Whether the quoted field whose content starts at `contentStart` closes (a quote not doubled)
 * before the end of its line; undefined when the text ends first without telling.
 */
function closesOnItsLine(text: string, contentStart: number): boolean | undefined {
  const newline = text.indexOf('\n', contentStart);
  for (let quote = text.indexOf('"', contentStart); quote >= 0;) {
    if (newline >= 0 && quote > newline) return false;
    if (text.charCodeAt(quote + 1) !== QUOTE) {
      // A quote last in the text may be the first of a doubled pair still to come.
      return quote + 1 < text.length || newline >= 0 ? true : undefined;
    }
    quote = text.indexOf('"', quote + 2);
  }
  return newline >= 0 ? false : undefined;
}

function countNewlines(text: string, start: number, end: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', start); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) n++;
  return n;
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
