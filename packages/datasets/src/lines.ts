import { readTextChunks } from './text-input';
import type { InvalidRecords } from './skips';

/** One line of a text file with its 1-based number. */
export interface NumberedLine {
  text: string;
  line: number;
}

/**
 * Streams the non-empty lines of a UTF-8 file (BOM dropped, CRLF read as LF). Lines holding bytes
 * that are not UTF-8 are an error, or are skipped and counted when the policy is 'skip'.
 */
export async function* readLines(
  file: string,
  invalid: InvalidRecords,
): AsyncGenerator<NumberedLine> {
  const badLines = new Set<number>();
  let carry = '';
  let line = 1;
  const emit = function* (text: string, n: number): Generator<NumberedLine> {
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
      carry += chunk;
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
  if (carry.length > 0) yield* emit(carry, line);
}
