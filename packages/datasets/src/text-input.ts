import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { DatasetError } from './errors';

/** Options for {@link readTextChunks}. */
export interface TextChunkOptions {
  /** Throw on bytes that are not UTF-8 (true), or replace them and record their lines (false). */
  strictUtf8: boolean;
  /** Lines (1-based) that held bytes that were not UTF-8; filled when `strictUtf8` is false. */
  badLines?: Set<number>;
}

const NEWLINE = 0x0a;

/** Throws a clear error when a file is missing or is not a regular file. */
export async function assertReadableFile(file: string): Promise<void> {
  let info;
  try {
    info = await stat(file);
  } catch {
    throw new DatasetError(file, 0, 'file not found');
  }
  if (!info.isFile()) throw new DatasetError(file, 0, 'is not a regular file');
}

/**
 * Streams a file as UTF-8 text in chunks of constant size: the byte-order mark is dropped, CRLF
 * becomes LF (so line numbers and embedded newlines read the same on every platform), and bytes
 * that are not UTF-8 raise an error naming the line, or are replaced and their lines recorded.
 */
export async function* readTextChunks(
  file: string,
  options: TextChunkOptions,
): AsyncGenerator<string> {
  await assertReadableFile(file);
  const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  const lenient = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false });
  let line = 1;
  let pendingCR = false;
  let lenientFromHere = false;
  for await (const chunk of createReadStream(file, {
    highWaterMark: 1 << 20,
  }) as AsyncIterable<Buffer>) {
    let text: string;
    if (lenientFromHere) {
      text = lenient.decode(chunk, { stream: true });
      if (text.includes('\uFFFD')) recordReplacementLines(text, line, options.badLines);
    } else {
      try {
        text = strict.decode(chunk, { stream: true });
      } catch {
        const badLine = line + countNewlines(chunk, firstInvalidUtf8Offset(chunk));
        if (options.strictUtf8) {
          throw new DatasetError(file, badLine, 'is not valid UTF-8 (save the file as UTF-8)');
        }
        // Decode leniently from here on, recording every line that needed a replacement.
        lenientFromHere = true;
        text = lenient.decode(chunk, { stream: true });
        recordReplacementLines(text, line, options.badLines);
      }
    }
    if (pendingCR) text = '\r' + text;
    pendingCR = text.endsWith('\r');
    if (pendingCR) text = text.slice(0, -1);
    if (text.includes('\r')) text = text.replace(/\r\n/g, '\n');
    line += countNewlinesInText(text);
    if (text.length > 0) yield text;
  }
  let rest: string;
  try {
    rest = lenientFromHere ? lenient.decode() : strict.decode();
  } catch {
    if (options.strictUtf8)
      throw new DatasetError(file, line, 'ends inside a UTF-8 character (not valid UTF-8)');
    rest = '\uFFFD';
    options.badLines?.add(line);
  }
  const tail = (pendingCR ? '\r' : '') + rest;
  if (tail.length > 0) yield tail;
}

/** Offset of the first byte that is not UTF-8 (found by bisection; for error messages only). */
export function firstInvalidUtf8Offset(bytes: Uint8Array): number {
  // A prefix decodes without error (in streaming mode) exactly when it holds no invalid byte,
  // so the first invalid byte can be found by bisection.
  let lo = 0;
  let hi = bytes.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, mid), { stream: true });
      lo = mid;
    } catch {
      hi = mid - 1;
    }
  }
  return lo;
}

function countNewlines(bytes: Uint8Array, end: number): number {
  let n = 0;
  for (let i = 0; i < end; i++) if (bytes[i] === NEWLINE) n++;
  return n;
}

function countNewlinesInText(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** Adds to `into` the lines of `text` (starting at `firstLine`) that hold U+FFFD. */
export function recordReplacementLines(
  text: string,
  firstLine: number,
  into: Set<number> | undefined,
): void {
  if (!into) return;
  let line = firstLine;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a) line++;
    else if (c === 0xfffd) into.add(line);
  }
}
