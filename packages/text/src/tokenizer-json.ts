import { z } from 'zod';
import { checkWordIndex, invalidFile } from './limits';
import { resolveTokenizerOptions } from './options';
import type { TokenizerState } from './tokenizer-state';

/** Identifies this package's tokenizer files. */
export const TOKENIZER_FORMAT = 'srnn-text-tokenizer';
/** The version this build writes and reads. */
export const TOKENIZER_FORMAT_VERSION = 1;

/** A tokenizer saved by {@link Tokenizer.toJSON}: plain JSON data, version 1. */
export interface TokenizerJson {
  format: typeof TOKENIZER_FORMAT;
  version: typeof TOKENIZER_FORMAT_VERSION;
  config: {
    numWords: number | null;
    filters: string;
    lower: boolean;
    split: string;
    oovToken: string | null;
  };
  /** Texts fitted so far (Keras `document_count`). */
  documentCount: number;
  /** Every word seen, in order of first appearance (ties in the ranking follow this order). */
  words: string[];
  /** Occurrences of `words[i]` (Keras `word_counts`). */
  wordCounts: number[];
  /** Documents containing `words[i]` (Keras `word_docs`). */
  wordDocs: number[];
  /** Present only when the index is not the one derived from the counts, e.g. as loaded from Keras. */
  wordIndex?: Array<[string, number]>;
}

const count = z.number().int().min(0);

const jsonSchema = z.object({
  format: z.literal(TOKENIZER_FORMAT),
  version: z.literal(TOKENIZER_FORMAT_VERSION, {
    error: (issue) =>
      `version ${JSON.stringify(issue.input)} is not supported; this build reads version ${TOKENIZER_FORMAT_VERSION}`,
  }),
  config: z.record(z.string(), z.unknown()),
  documentCount: count,
  words: z.array(z.string()),
  wordCounts: z.array(count),
  wordDocs: z.array(count),
  wordIndex: z.array(z.tuple([z.string(), z.number().int().min(1)])).optional(),
});

/** Writes a state in this package's JSON format. */
export function stateToJson(state: TokenizerState): TokenizerJson {
  const json: TokenizerJson = {
    format: TOKENIZER_FORMAT,
    version: TOKENIZER_FORMAT_VERSION,
    config: { ...state.options },
    documentCount: state.documentCount,
    words: [...state.words],
    wordCounts: [...state.wordCounts],
    wordDocs: [...state.wordDocs],
  };
  if (state.wordIndex) json.wordIndex = [...state.wordIndex];
  return json;
}

/**
 * Reads this package's JSON format (already parsed), with messages naming the bad field. The
 * sizes are checked against `maxWords` before any entry is validated.
 */
export function stateFromJson(input: object, maxWords: number): TokenizerState {
  const raw = input as Record<string, unknown>;
  for (const field of ['words', 'wordCounts', 'wordDocs', 'wordIndex']) {
    const value = raw[field];
    if (Array.isArray(value) && value.length > maxWords) {
      throw new RangeError(
        `Tokenizer.fromJSON: ${field} has ${value.length} entries; the limit is ${maxWords} (maxWords)`,
      );
    }
  }
  const numWords = (raw.config as Record<string, unknown> | undefined)?.numWords;
  if (typeof numWords === 'number' && numWords > maxWords) {
    throw new RangeError(
      `Tokenizer.fromJSON: config.numWords is ${numWords}; the limit is ${maxWords} (maxWords)`,
    );
  }
  const parsed = jsonSchema.safeParse(input);
  if (!parsed.success) {
    throw invalidFile(`Tokenizer JSON (${TOKENIZER_FORMAT}) is invalid`, parsed.error);
  }
  const json = parsed.data;
  if (json.wordCounts.length !== json.words.length || json.wordDocs.length !== json.words.length) {
    throw new RangeError(
      `Tokenizer JSON is invalid: words, wordCounts and wordDocs must have equal lengths, got ${json.words.length}, ${json.wordCounts.length}, ${json.wordDocs.length}`,
    );
  }
  if (json.wordIndex)
    checkWordIndex(json.wordIndex, json.wordIndex.length, 'Tokenizer JSON: wordIndex');
  return {
    options: resolveTokenizerOptions(json.config),
    documentCount: json.documentCount,
    words: json.words,
    wordCounts: json.wordCounts,
    wordDocs: json.wordDocs,
    wordIndex: json.wordIndex ? new Map(json.wordIndex) : null,
  };
}
