import { isUtf8 } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { TextDecoder } from 'node:util';
import { DatasetError } from './errors';
import { assertReadableFile, firstInvalidUtf8Offset, recordReplacementLines } from './text-input';
import type { TextChunkOptions } from './text-input';

const NEWLINE = 0x0a;
const CR = 0x0d;
const BOM = [0xef, 0xbb, 0xbf] as const;

/**
 * Streams a file as checked UTF-8 bytes: the same contract as {@link readTextChunks} (BOM dropped,
 * CRLF read as LF, bytes that are not UTF-8 an error naming the line or replaced with their lines
 * recorded), but valid input is checked natively and passed on as bytes that never end inside a
 * character, so that each chunk can be decoded in one call (the CSV reader does). From the first
 * invalid byte on, chunks are decoded leniently to text.
 */
export async function* readUtf8Chunks(
  file: string,
  options: TextChunkOptions,
  chunkBytes = 1 << 20,
): AsyncGenerator<Buffer | string> {
  await assertReadableFile(file);
  let line = 1;
  let first = true;
  let pendingCR = false;
  /** The bytes of a character cut by the end of the previous chunk. */
  let carry: Buffer | null = null;
  let lenient: TextDecoder | null = null;
  /** Decodes leniently, recording the lines of replaced bytes, and reads CRLF as LF. */
  const decodeText = (decoder: TextDecoder, bytes: Uint8Array): string => {
    let text = decoder.decode(bytes, { stream: true });
    if (text.includes('\uFFFD')) recordReplacementLines(text, line, options.badLines);
    if (pendingCR) text = '\r' + text;
    pendingCR = text.endsWith('\r');
    if (pendingCR) text = text.slice(0, -1);
    if (text.includes('\r')) text = text.replace(/\r\n/g, '\n');
    line += countNewlines(text);
    return text;
  };
  for await (const chunk of createReadStream(file, {
    highWaterMark: chunkBytes,
  }) as AsyncIterable<Buffer>) {
    if (lenient) {
      const text = decodeText(lenient, chunk);
      if (text.length > 0) yield text;
      continue;
    }
    let bytes: Buffer = carry ? Buffer.concat([carry, chunk]) : chunk;
    if (first) {
      // Tiny chunks: wait for three bytes before deciding whether the file starts with a BOM.
      if (bytes.length < BOM.length && bytes.every((byte, i) => byte === BOM[i])) {
        carry = Buffer.from(bytes);
        continue;
      }
      first = false;
      if (bytes[0] === BOM[0] && bytes[1] === BOM[1] && bytes[2] === BOM[2])
        bytes = bytes.subarray(BOM.length);
    }
    const whole = completeLength(bytes);
    carry = whole < bytes.length ? Buffer.from(bytes.subarray(whole)) : null;
    let body = bytes.subarray(0, whole);
    if (!isUtf8(body)) {
      if (options.strictUtf8) {
        const badLine = line + countNewlineBytes(body, firstInvalidUtf8Offset(body));
        throw new DatasetError(file, badLine, 'is not valid UTF-8 (save the file as UTF-8)');
      }
      // Decode leniently from here on, recording every line that needed a replacement.
      lenient = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });
      carry = null;
      const text = decodeText(lenient, bytes);
      if (text.length > 0) yield text;
      continue;
    }
    if (pendingCR) body = Buffer.concat([Buffer.of(CR), body]);
    pendingCR = body.length > 0 && body[body.length - 1] === CR;
    if (pendingCR) body = body.subarray(0, body.length - 1);
    if (body.includes(CR)) body = crlfToLf(body);
    line += countNewlineBytes(body, body.length);
    if (body.length > 0) yield body;
  }
  let tail = pendingCR ? '\r' : '';
  if (lenient) {
    const rest = lenient.decode();
    if (rest.includes('\uFFFD')) options.badLines?.add(line);
    tail += rest;
  } else if (carry) {
    if (options.strictUtf8)
      throw new DatasetError(file, line, 'ends inside a UTF-8 character (not valid UTF-8)');
    tail += '\uFFFD';
    options.badLines?.add(line);
  }
  if (tail.length > 0) yield tail;
}

/** Length of the longest prefix that does not end inside a multi-byte character. */
function completeLength(bytes: Uint8Array): number {
  const n = bytes.length;
  // A character is at most 4 bytes: look back at most 3 for the lead byte of the last one.
  for (let back = 1; back <= 3 && back <= n; back++) {
    const byte = bytes[n - back] as number;
    if (byte < 0x80) return n; // ASCII: nothing is cut
    if (byte >= 0xc0) {
      const size = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
      return size > back ? n - back : n;
    }
  }
  return n;
}

/** Removes the CR of every CRLF pair (a lone CR stays, as in the text reader). */
function crlfToLf(bytes: Buffer): Buffer {
  const out = Buffer.allocUnsafe(bytes.length);
  let length = 0;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i] as number;
    if (byte !== CR || bytes[i + 1] !== NEWLINE) out[length++] = byte;
  }
  return out.subarray(0, length);
}

function countNewlineBytes(bytes: Buffer, end: number): number {
  let n = 0;
  for (let i = bytes.indexOf(NEWLINE); i !== -1 && i < end; i = bytes.indexOf(NEWLINE, i + 1)) n++;
  return n;
}

function countNewlines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
