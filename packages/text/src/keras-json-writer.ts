import type { TokenizerState } from './tokenizer-state';

/** A JSON value as Python's `json.dumps` writes it: ASCII only, `\uXXXX` in lower-case hex. */
function pyValue(value: string | number | boolean | null): string {
  return JSON.stringify(value).replace(
    /[\u007f-\uffff]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** A JSON object with Python's default separators (", " and ": "), members in the given order. */
function pyObject(entries: Iterable<readonly [string, string]>): string {
  const members: string[] = [];
  for (const [key, json] of entries) members.push(`${pyValue(key)}: ${json}`);
  return `{${members.join(', ')}}`;
}

/**
 * Writes a tokenizer as Keras's `Tokenizer.to_json()` does, so that Python's
 * `tokenizer_from_json` reads it: the statistics are JSON strings inside the config.
 */
export function toKerasJsonString(
  state: TokenizerState,
  wordIndex: ReadonlyMap<string, number>,
): string {
  const { options, words, wordCounts, wordDocs } = state;
  const counted = words.map((word, i) => [word, String(wordCounts[i])] as const);
  const docs = words.map((word, i) => [word, String(wordDocs[i])] as const);
  // Keras keys index_docs by index; json.dumps turns integer keys into strings.
  const indexDocs = words.flatMap((word, i) => {
    const index = wordIndex.get(word);
    return index === undefined ? [] : [[String(index), String(wordDocs[i])] as const];
  });
  const indexWord = [...wordIndex].map(([word, index]) => [String(index), pyValue(word)] as const);
  const wordIndexEntries = [...wordIndex].map(([word, index]) => [word, String(index)] as const);
  const config = pyObject([
    ['num_words', pyValue(options.numWords)],
    ['filters', pyValue(options.filters)],
    ['lower', pyValue(options.lower)],
    ['split', pyValue(options.split)],
    ['char_level', 'false'],
    ['oov_token', pyValue(options.oovToken)],
    ['document_count', String(state.documentCount)],
    ['word_counts', pyValue(pyObject(counted))],
    ['word_docs', pyValue(pyObject(docs))],
    ['index_docs', pyValue(pyObject(indexDocs))],
    ['index_word', pyValue(pyObject(indexWord))],
    ['word_index', pyValue(pyObject(wordIndexEntries))],
  ]);
  return pyObject([
    ['class_name', pyValue('Tokenizer')],
    ['config', config],
  ]);
}
