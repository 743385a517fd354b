import { DEFAULT_MAX_RECORD_CHARS } from './options';
import { readTextChunks } from './text-input';
import type { Remedy } from './errors';
import type { InvalidRecords } from './skips';

/** One line of a text file with its 1-based number. */
export interface NumberedLine {
  text: string;
  line: number;
}

/** The message for a record over the length limit; names the limit and the option. */
export function tooLong(maxChars: number): string {
  return `the record is longer than ${maxChars} characters (the limit maxRecordChars; a quote that is never closed, or a file without line ends, reads as one long record)`;
}

/** What lets a record over the limit through: a higher limit. */
export function tooLongRemedy(maxChars: number): Remedy {
  return { option: 'maxRecordChars', value: 4 * maxChars, effect: 'read longer records' };
}

/**
 * Streams the non-empty lines of a UTF-8 file (BOM dropped, CRLF read as LF). Lines holding bytes
 * that are not UTF-8 are an error, or are skipped and counted when the policy is 'skip'; so are
 * lines longer than `maxChars`, which are never held whole in memory.
 */
export async function* readLines(
  file: string,
  invalid: InvalidRecords,
  maxChars = DEFAULT_MAX_RECORD_CHARS,
): AsyncGenerator<NumberedLine> {
  const badLines = new Set<number>();
  let carry = '';
  /** The current line is over the limit and already reported: its text is dropped. */
  let dropping = false;
  let line = 1;
  const emit = function* (text: string, n: number): Generator<NumberedLine> {
    if (dropping) {
      dropping = false;
      return;
    }
    if (text.length > maxChars) {
      invalid.report('recordTooLong', file, n, tooLong(maxChars), tooLongRemedy(maxChars));
      return;
    }
    if (badLines.has(n)) {
      invalid.report('invalidUtf8', file, n, 'is not valid UTF-8');
      return;
    }
    if (text.trim().length > 0) yield { text, line: n };
  };
  for await (const chunk of readTextChunks(file, {
    strictUtf8: invalid.policy === 'error',
    badLines,
  })) {
    let start = 0;
    let end = chunk.indexOf('\n');
    if (end === -1) {
      if (!dropping) carry += chunk;
      if (carry.length > maxChars) {
        invalid.report('recordTooLong', file, line, tooLong(maxChars), tooLongRemedy(maxChars));
        carry = '';
        dropping = true;
      }
      continue;
    }
    yield* emit(carry + chunk.slice(0, end), line++);
    carry = '';
    start = end + 1;
    while ((end = chunk.indexOf('\n', start)) !== -1) {
      yield* emit(chunk.slice(start, end), line++);
      start = end + 1;
    }
    carry = chunk.slice(start);
  }
  if (carry.length > 0 || dropping) yield* emit(carry, line);
}
