import { resolveWordSequenceOptions, type WordSequenceOptions } from './options';
import { WordSplitter } from './word-splitter';

/**
 * Splits a text into words exactly as Keras's `text_to_word_sequence` does: lower-case (Python's
 * `str.lower` and JavaScript's `toLowerCase` agree on every character both know), replace each
 * filter character by the separator, split on the separator, drop empty strings.
 *
 * @example textToWordSequence('Hello, World!') // ['hello', 'world']
 */
export function textToWordSequence(text: string, options?: WordSequenceOptions): string[] {
  if (typeof text !== 'string') {
    throw new TypeError(`textToWordSequence: text must be a string, got ${typeof text}`);
  }
  const { filters, lower, split } = resolveWordSequenceOptions(options);
  const splitter = new WordSplitter(filters, lower, split);
  const count = splitter.scan(text);
  const words = new Array<string>(count);
  for (let t = 0; t < count; t++) {
    words[t] = splitter.text.slice(splitter.starts[t], splitter.ends[t]);
  }
  return words;
}
