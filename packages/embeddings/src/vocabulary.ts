import { Tokenizer } from '@srnn/text';

/** A vocabulary: a fitted tokenizer, or a word index (word to row, 1-based, 0 is padding). */
export type Vocabulary = Tokenizer | ReadonlyMap<string, number>;

/** The words, rows and (when known) word counts of a vocabulary. */
export interface ResolvedVocabulary {
  wordIndex: ReadonlyMap<string, number>;
  /** Rows an embedding matrix needs for every id the vocabulary emits. */
  rows: number;
  counts?: ReadonlyMap<string, number>;
  /** The out-of-vocabulary token, which no pretrained file has a vector for. */
  oovToken?: string;
}

/** Reads what the embedding code needs from a tokenizer or a plain word index. */
export function resolveVocabulary(vocabulary: Vocabulary): ResolvedVocabulary {
  if (vocabulary instanceof Tokenizer) {
    return {
      wordIndex: vocabulary.wordIndex,
      rows: vocabulary.vocabularySize,
      counts: vocabulary.wordCounts,
      oovToken: vocabulary.options.oovToken ?? undefined,
    };
  }
  let maxIndex = 0;
  for (const index of vocabulary.values()) {
    if (!Number.isInteger(index) || index < 1) {
      throw new RangeError(
        `word index values must be integers from 1 (0 is padding); got ${index}`,
      );
    }
    if (index > maxIndex) maxIndex = index;
  }
  return { wordIndex: vocabulary, rows: maxIndex + 1 };
}

/** The words whose vectors are worth keeping: those with a row below `rows`. */
export function wantedWords(vocabulary: Vocabulary | Iterable<string>): Set<string> {
  if (vocabulary instanceof Tokenizer || vocabulary instanceof Map) {
    const { wordIndex, rows } = resolveVocabulary(vocabulary as Vocabulary);
    const words = new Set<string>();
    for (const [word, index] of wordIndex) if (index < rows) words.add(word);
    return words;
  }
  return new Set(vocabulary as Iterable<string>);
}
