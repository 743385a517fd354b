import { z } from 'zod';
import { checkWordIndex, invalidFile, quoteInput } from './limits';
import { resolveTokenizerOptions } from './options';
import { parseOrderedNumberObject } from './ordered-json-object';
import type { TokenizerState } from './tokenizer-state';

/**
 * What Keras's `Tokenizer.to_json()` writes: `{"class_name": "Tokenizer", "config": {...}}`, where
 * the statistics are themselves JSON strings (`json.dumps` of dicts; integer keys become strings).
 */
const kerasSchema = z.object({
  class_name: z.literal('Tokenizer'),
  config: z.object({
    num_words: z.number().int().min(0).nullable(),
    filters: z.string(),
    lower: z.boolean(),
    split: z.string(),
    char_level: z
      .literal(false, { error: 'char_level=True tokenizers are not supported (words only)' })
      .optional(),
    oov_token: z.string().nullable(),
    document_count: z.number().int().min(0).optional(),
    word_counts: z.string(),
    word_docs: z.string(),
    word_index: z.string(),
    index_docs: z.string().optional(),
    index_word: z.string().optional(),
  }),
});

/** True when `input` looks like Keras's to_json() output rather than this package's format. */
export function isKerasTokenizerJson(input: object): boolean {
  return 'class_name' in input && 'config' in input;
}

/**
 * Reads Keras `Tokenizer.to_json()` output. The word index is kept as Keras saved it, so that
 * encoding gives the ids the Keras model was trained with.
 */
export function stateFromKerasJson(input: object, maxWords: number): TokenizerState {
  const parsed = kerasSchema.safeParse(input);
  if (!parsed.success) {
    throw invalidFile('Keras tokenizer JSON is invalid', parsed.error);
  }
  const config = parsed.data.config;
  if (config.num_words !== null && config.num_words > maxWords) {
    throw new RangeError(
      `Tokenizer.fromJSON: config.num_words is ${config.num_words}; the limit is ${maxWords} (maxWords)`,
    );
  }
  const options = resolveTokenizerOptions({
    // Keras treats num_words=0 like None (`if num_words and ...`).
    numWords: config.num_words === 0 ? null : config.num_words,
    filters: config.filters,
    lower: config.lower,
    split: config.split,
    oovToken: config.oov_token,
  });
  const counts = parseOrderedNumberObject(config.word_counts, 'config.word_counts', maxWords);
  const docs = new Map(parseOrderedNumberObject(config.word_docs, 'config.word_docs', maxWords));
  const indexEntries = parseOrderedNumberObject(config.word_index, 'config.word_index', maxWords);
  for (const [word, index] of indexEntries) {
    if (!Number.isInteger(index) || index < 1) {
      throw new RangeError(
        `Keras tokenizer JSON is invalid: config.word_index maps ${quoteInput(word)} to ${index}; indices must be integers >= 1`,
      );
    }
  }
  checkWordIndex(
    indexEntries,
    indexEntries.length,
    'Keras tokenizer JSON is invalid: config.word_index',
  );
  const wordIndex = new Map(indexEntries);
  const words = counts.map(([word]) => word);
  const wordCounts = counts.map(([word, n]) => {
    if (!Number.isInteger(n) || n < 0) {
      throw new RangeError(
        `Keras tokenizer JSON is invalid: config.word_counts gives ${quoteInput(word)} the count ${n}; counts must be integers >= 0`,
      );
    }
    return n;
  });
  return {
    options,
    documentCount: config.document_count ?? 0,
    words,
    wordCounts,
    wordDocs: words.map((word) => docs.get(word) ?? 0),
    wordIndex,
  };
}
