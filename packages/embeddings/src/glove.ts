import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { z } from 'zod';
import { EmbeddingsError, quoteInput } from './errors';
import { OptionsError, parseOptions } from '@srnn/errors';
import { wantedWords, type Vocabulary } from './vocabulary';
import type { WordVectors } from './word-vectors';

const optionsSchema = z
  .object({
    /** Expected vector length; by default the first line decides. */
    dim: z.number().int().positive().optional(),
    /** Largest vector length accepted (default 4096; GloVe and fastText use up to 300). */
    maxDim: z.number().int().positive().default(4096),
    /** Longest line accepted, in characters (default 1 Mi; a 300-value line is about 3,000). */
    maxLineChars: z
      .number()
      .int()
      .positive()
      .default(1024 * 1024),
  })
  .strict();

/** Options for {@link readGloveVectors}. */
export type GloveOptions = z.input<typeof optionsSchema>;

const COUNT_HEADER = /^\d+ \d+$/;

/**
 * Streams a GloVe text file (a word, then its floats, separated by single spaces; one word a line)
 * and keeps only the vectors of the given words, so memory stays proportional to the vocabulary,
 * not the file (glove.6B.200d.txt: 400,000 lines, about 690 MB). Every line is checked: a wrong
 * number of values or a value that is not a number is an error naming file and line. A first line
 * of two integers (word2vec and fastText `.vec` files' `count dim` header) is skipped.
 *
 * @param words a tokenizer or word index (only words with a row are kept) or any list of words
 */
export async function readGloveVectors(
  file: string,
  words: Vocabulary | Iterable<string>,
  options?: GloveOptions,
): Promise<WordVectors> {
  const parsed = parseOptions(optionsSchema, options, 'readGloveVectors');
  const wanted = wantedWords(words);
  try {
    if (!(await stat(file)).isFile()) throw new Error('not a file');
  } catch {
    throw new EmbeddingsError(file, 0, 'file not found');
  }
  const { maxDim, maxLineChars } = parsed;
  if (parsed.dim !== undefined && parsed.dim > maxDim) {
    throw new OptionsError('readGloveVectors', [
      { field: 'dim', message: `${parsed.dim} is more than maxDim (${maxDim})` },
    ]);
  }
  let dim = parsed.dim ?? 0;
  const vectors = new Map<string, Float32Array>();
  let lineNumber = 0;

  const readLine = (raw: string): void => {
    lineNumber++;
    let line = raw.endsWith('\r') || raw.endsWith(' ') ? raw.trimEnd() : raw;
    if (lineNumber === 1 && line.startsWith('\uFEFF')) line = line.slice(1);
    if (line.length === 0) return;
    if (lineNumber === 1 && COUNT_HEADER.test(line)) {
      const headerDim = Number(line.slice(line.indexOf(' ') + 1));
      if (headerDim > maxDim) {
        throw new EmbeddingsError(
          file,
          1,
          `the header says ${headerDim} dimensions; the limit is ${maxDim} (maxDim)`,
        );
      }
      if (dim > 0 && headerDim !== dim) {
        throw new EmbeddingsError(
          file,
          1,
          `the header says ${headerDim} dimensions, expected ${dim}`,
        );
      }
      dim = headerDim;
      return;
    }
    const wordEnd = line.indexOf(' ');
    if (wordEnd <= 0)
      throw new EmbeddingsError(
        file,
        lineNumber,
        'expected a word followed by numbers separated by spaces',
      );
    let values = 0;
    for (let i = wordEnd; i !== -1; i = line.indexOf(' ', i + 1)) values++;
    if (dim === 0) {
      if (values > maxDim) {
        throw new EmbeddingsError(
          file,
          lineNumber,
          `has ${values} values after the word; the limit is ${maxDim} dimensions (maxDim)`,
        );
      }
      dim = values;
    }
    if (values !== dim) {
      throw new EmbeddingsError(
        file,
        lineNumber,
        `has ${values} values after the word, expected ${dim} (every line needs the same number)`,
      );
    }
    const word = line.slice(0, wordEnd);
    if (!wanted.has(word) || vectors.has(word)) return;
    const vector = new Float32Array(dim);
    let start = wordEnd + 1;
    for (let d = 0; d < dim; d++) {
      const end = d === dim - 1 ? line.length : line.indexOf(' ', start);
      const field = line.slice(start, end);
      const value = Number(field);
      if (field.length === 0 || !Number.isFinite(value)) {
        throw new EmbeddingsError(
          file,
          lineNumber,
          `value ${d + 1} of ${quoteInput(word)} is ${quoteInput(field)}, not a number`,
        );
      }
      vector[d] = value;
      start = end + 1;
    }
    vectors.set(word, vector);
  };

  const tooLong = (): EmbeddingsError =>
    new EmbeddingsError(
      file,
      lineNumber + 1,
      `the line is longer than ${maxLineChars} characters (maxLineChars); a vectors file has one word and its numbers a line`,
    );
  let carry = '';
  for await (const chunk of createReadStream(file, {
    encoding: 'utf8',
    highWaterMark: 1 << 16,
  }) as AsyncIterable<string>) {
    let start = 0;
    let end = chunk.indexOf('\n');
    if (end === -1) {
      carry += chunk;
      // Never hold more than one line over the limit, whatever the file holds.
      if (carry.length > maxLineChars) throw tooLong();
      continue;
    }
    if (carry.length + end > maxLineChars) throw tooLong();
    readLine(carry + chunk.slice(0, end));
    start = end + 1;
    while ((end = chunk.indexOf('\n', start)) !== -1) {
      if (end - start > maxLineChars) throw tooLong();
      readLine(chunk.slice(start, end));
      start = end + 1;
    }
    carry = chunk.slice(start);
    if (carry.length > maxLineChars) throw tooLong();
  }
  if (carry.length > 0) readLine(carry);
  if (dim === 0) throw new EmbeddingsError(file, 0, 'holds no vectors');
  return { dim, vectors };
}
