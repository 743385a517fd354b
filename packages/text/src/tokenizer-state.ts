import type { ResolvedTokenizerOptions } from './options';

/** Everything a tokenizer is made of, independent of any file format. */
export interface TokenizerState {
  options: ResolvedTokenizerOptions;
  documentCount: number;
  /** Words in order of first appearance with their `word_counts` and `word_docs`. */
  words: readonly string[];
  wordCounts: readonly number[];
  wordDocs: readonly number[];
  /** A word index to use as given instead of deriving it from the counts (as loaded from Keras). */
  wordIndex: ReadonlyMap<string, number> | null;
}
