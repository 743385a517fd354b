import { isKerasTokenizerJson, stateFromKerasJson } from './keras-json';
import { toKerasJsonString } from './keras-json-writer';
import {
  resolveRowPadOptions,
  resolveTokenizerOptions,
  type ResolvedTokenizerOptions,
  type RowPadOptions,
  type TokenizerOptions,
} from './options';
import { resolveLimits, type TokenizerLimits } from './limits';
import { isIdRow, writeRow, type IdRow } from './pad';
import { stateFromJson, stateToJson, TOKENIZER_FORMAT, type TokenizerJson } from './tokenizer-json';
import type { TokenizerState } from './tokenizer-state';
import { WordCounts } from './word-counts';
import { WordSplitter } from './word-splitter';
import { computeKey, key, PAYLOAD, WordTable } from './word-table';

/** A word index with the facts encoding needs, computed once per change of the counts. */
interface IndexView {
  index: ReadonlyMap<string, number>;
  /** The same words, for lookups by character range; each slot's payload is the word's index. */
  table: WordTable;
  /** Index of the OOV token, or -1 when there is none. */
  oov: number;
  /** Largest index in the map (0 when empty). */
  maxIndex: number;
}

/**
 * A word tokenizer with the semantics of Keras's `Tokenizer` (keras_preprocessing.text): filters,
 * lower-casing, a separator, a word index ranked by frequency from 1 (ties in order of first
 * appearance, 0 left for padding), `numWords` applied when encoding, and an optional OOV token at
 * index 1. Fitting is incremental: call {@link fitOnTexts} as often as needed, on any iterable.
 *
 * @example
 * const tokenizer = new Tokenizer({ numWords: 1000, oovToken: '<OOV>' }).fitOnTexts(texts);
 * const ids = tokenizer.textToSequence('a new text'); // Int32Array
 */
export class Tokenizer {
  readonly #options: ResolvedTokenizerOptions;
  readonly #splitter: WordSplitter;
  readonly #counts = new WordCounts();
  #documentCount = 0;
  /** Null when the counts changed since the index was last derived. */
  #view: IndexView | null = null;
  /** True while the index is the one loaded from a file rather than derived from the counts. */
  #indexLoaded = false;
  /** Reused buffer of the ids of the text being encoded. */
  #ids = new Int32Array(1024);
  /** Reused buffer of the fit-order ids returned by {@link fitOnTextWithIds}. */
  #fitIds = new Int32Array(1024);

  constructor(options?: TokenizerOptions) {
    this.#options = resolveTokenizerOptions(options);
    const { filters, lower, split } = this.#options;
    this.#splitter = new WordSplitter(filters, lower, split);
  }

  /** The validated options, defaults filled in. */
  get options(): Readonly<ResolvedTokenizerOptions> {
    return { ...this.#options };
  }

  /**
   * Updates the vocabulary from `texts` (Keras `fit_on_texts`). Texts are read one at a time, so a
   * generator can stream any number of them.
   */
  fitOnTexts(texts: Iterable<string>): this {
    checkTexts(texts, 'fitOnTexts');
    this.#rederiveIndex();
    let position = 0;
    for (const text of texts) this.#fitOne(text, position++, 'fitOnTexts');
    return this;
  }

  /** Like {@link fitOnTexts}, for async iterables such as a file read line by line. */
  async fitOnTextsAsync(texts: AsyncIterable<string> | Iterable<string>): Promise<this> {
    if (texts !== null && typeof texts === 'object' && Symbol.asyncIterator in texts) {
      this.#rederiveIndex();
      let position = 0;
      for await (const text of texts) this.#fitOne(text, position++, 'fitOnTextsAsync');
      return this;
    }
    checkTexts(texts, 'fitOnTextsAsync');
    return this.fitOnTexts(texts as Iterable<string>);
  }

  /**
   * Fits one text, exactly as `fitOnTexts([text])` would, and returns its tokens as fit-order ids:
   * the 0-based position of each word in {@link wordCounts} (order of first appearance). Keeping
   * these ids lets a caller encode the text after fitting without reading or splitting it again:
   * map them through {@link fitOrderToIndex}. Costs 4 bytes per token kept, and no strings.
   *
   * @returns a view of a buffer that the next call reuses; copy what you keep.
   */
  fitOnTextWithIds(text: string): Int32Array {
    const found = this.#fitOne(text, null, 'fitOnTextWithIds');
    return this.#fitIds.subarray(0, found);
  }

  /**
   * For each word in fit order (the order of {@link wordCounts}, which {@link fitOnTextWithIds}
   * returns ids in), the id encoding emits for it now: its index when below `numWords`, else the
   * OOV index, or -1 where the word is dropped (no OOV token). A snapshot: fitting more words
   * changes the ranking, so take it once fitting is done.
   */
  fitOrderToIndex(): Int32Array {
    const { table, oov } = this.#indexView();
    const numWords = this.#options.numWords ?? Infinity;
    const words = this.#counts.words;
    const map = new Int32Array(words.length);
    for (let i = 0; i < words.length; i++) {
      const at = table.findWordSlot(words[i] as string);
      const id = at < 0 ? -1 : (table.slots[at + PAYLOAD] as number);
      map[i] = id >= 0 && id < numWords ? id : oov;
    }
    return map;
  }

  /**
   * Encodes a text as word indices (Keras `texts_to_sequences` for one text): unknown words and
   * words ranked at or beyond `numWords` become the OOV index when there is an OOV token and are
   * dropped otherwise.
   */
  textToSequence(text: string): Int32Array {
    const count = this.#encode(text, 'textToSequence', Infinity);
    return this.#ids.slice(0, count);
  }

  /** Encodes each text; see {@link textToSequence}. */
  textsToSequences(texts: Iterable<string>): Int32Array[] {
    checkTexts(texts, 'textsToSequences');
    const sequences: Int32Array[] = [];
    for (const text of texts) sequences.push(this.textToSequence(text));
    return sequences;
  }

  /**
   * Encodes a text straight into one row of a preallocated matrix, padded and truncated exactly as
   * {@link padSequences} would with `maxLen = row.length`.
   *
   * @param row e.g. `batch.subarray(r * maxLen, (r + 1) * maxLen)`
   * @returns the number of real tokens written.
   */
  encodeInto(text: string, row: IdRow, options?: RowPadOptions): number {
    if (!isIdRow(row)) {
      throw new TypeError(
        'encodeInto: row must be an Int32Array or Uint16Array (e.g. a subarray of the batch matrix)',
      );
    }
    const resolved = resolveRowPadOptions(options, 'encodeInto options');
    // Keeping the first tokens means the rest need no lookup.
    const limit = resolved.truncating === 'post' ? row.length : Infinity;
    const count = this.#encode(text, 'encodeInto', limit);
    return writeRow(this.#ids.subarray(0, count), row, resolved, 'encodeInto');
  }

  /** Word to index, 1-based, most frequent first (Keras `word_index`); includes the OOV token. */
  get wordIndex(): ReadonlyMap<string, number> {
    return this.#indexView().index;
  }

  /**
   * Rows an embedding matrix needs so that every id this tokenizer emits is valid: `numWords`
   * when set, else `wordIndex.size + 1` (never less than the OOV index + 1).
   */
  get vocabularySize(): number {
    const { oov, maxIndex } = this.#indexView();
    const { numWords } = this.#options;
    return numWords === null ? maxIndex + 1 : Math.max(numWords, oov + 1);
  }

  /**
   * The largest id this tokenizer emits as fitted: the last word index kept under `numWords`, or
   * the OOV index (0 with no words and no OOV token). At most `vocabularySize - 1`, and less
   * when `numWords` exceeds the words seen; storage can be sized by it.
   */
  get largestId(): number {
    const { maxIndex } = this.#indexView();
    return Math.min(this.vocabularySize - 1, maxIndex);
  }

  /** Number of texts fitted (Keras `document_count`). */
  get documentCount(): number {
    return this.#documentCount;
  }

  /** Occurrences of each word, in order of first appearance (Keras `word_counts`); a snapshot. */
  get wordCounts(): ReadonlyMap<string, number> {
    const counts = this.#counts.counts();
    return new Map(this.#counts.words.map((word, id) => [word, counts[id] as number]));
  }

  /** Number of texts containing each word (Keras `word_docs`); a snapshot. */
  get wordDocs(): ReadonlyMap<string, number> {
    const docs = this.#counts.allDocs();
    return new Map(this.#counts.words.map((word, id) => [word, docs[id] as number]));
  }

  /** The tokenizer as JSON data (this package's versioned format); `JSON.stringify(tokenizer)` uses it. */
  toJSON(): TokenizerJson {
    return stateToJson(this.#state());
  }

  /** The tokenizer in the format of Keras's `Tokenizer.to_json()`, readable by `tokenizer_from_json`. */
  toKerasJSON(): string {
    return toKerasJsonString(this.#state(), this.#indexView().index);
  }

  /**
   * Restores a tokenizer from {@link toJSON} output or from Keras's `Tokenizer.to_json()` output,
   * given as a JSON string or as parsed data. The input is untrusted: it is refused past the
   * {@link TokenizerLimits} (default `TOKENIZER_LIMITS`), and when a word index has indices
   * out of range or shared by two words.
   */
  static fromJSON(json: string | object, limits?: TokenizerLimits): Tokenizer {
    const { maxWords, maxChars } = resolveLimits(limits);
    let data: unknown = json;
    if (typeof json === 'string') {
      if (json.length > maxChars) {
        throw new RangeError(
          `Tokenizer.fromJSON: the JSON is ${json.length} characters long; the limit is ${maxChars} (maxChars)`,
        );
      }
      try {
        data = JSON.parse(json);
      } catch (error) {
        throw new SyntaxError(
          `Tokenizer.fromJSON: the string is not JSON (${(error as Error).message})`,
        );
      }
    }
    if (data === null || typeof data !== 'object' || Array.isArray(data)) {
      throw new TypeError('Tokenizer.fromJSON: expected a JSON object or its string');
    }
    let state: TokenizerState;
    if ('format' in data) state = stateFromJson(data, maxWords);
    else if (isKerasTokenizerJson(data)) state = stateFromKerasJson(data, maxWords);
    else {
      throw new TypeError(
        `Tokenizer.fromJSON: unrecognised JSON; expected {"format": "${TOKENIZER_FORMAT}", ...} from toJSON() or {"class_name": "Tokenizer", "config": {...}} from Keras to_json()`,
      );
    }
    return Tokenizer.#fromState(state);
  }

  static #fromState(state: TokenizerState): Tokenizer {
    const tokenizer = new Tokenizer(state.options);
    state.words.forEach((word, i) =>
      tokenizer.#counts.restore(word, state.wordCounts[i] as number, state.wordDocs[i] as number),
    );
    tokenizer.#documentCount = state.documentCount;
    if (state.wordIndex) {
      const { oovToken } = state.options;
      if (oovToken !== null && !state.wordIndex.has(oovToken)) {
        throw new RangeError(
          `Tokenizer.fromJSON: the word index lacks the OOV token ${JSON.stringify(oovToken)}`,
        );
      }
      // A loaded index equal to the derived one is not worth keeping apart.
      if (!sameEntries(state.wordIndex, tokenizer.wordIndex)) {
        tokenizer.#view = makeView(new Map(state.wordIndex), oovToken);
        tokenizer.#indexLoaded = true;
      }
    }
    return tokenizer;
  }

  #state(): TokenizerState {
    const words = this.#counts.words;
    const counts = this.#counts.counts();
    const docs = this.#counts.allDocs();
    return {
      options: this.#options,
      documentCount: this.#documentCount,
      words,
      wordCounts: Array.from(counts),
      wordDocs: Array.from(docs),
      wordIndex: this.#indexLoaded ? this.#indexView().index : null,
    };
  }

  /** Counts the words of one text; their fit-order ids are left in #fitIds. Returns how many. */
  #fitOne(text: unknown, position: number | null, where: string): number {
    if (typeof text !== 'string') {
      const which = position === null ? 'text' : `text ${position}`;
      throw new TypeError(`${where}: ${which} is ${describeType(text)}; texts must be strings`);
    }
    this.#rederiveIndex();
    this.#documentCount++;
    const counts = this.#counts;
    counts.beginDocument();
    const splitter = this.#splitter;
    const found = splitter.scan(text);
    const { text: source, starts, ends, hashes, lows, highs } = splitter;
    if (this.#fitIds.length < found) {
      this.#fitIds = new Int32Array(Math.max(found, this.#fitIds.length * 2));
    }
    const ids = this.#fitIds;
    for (let t = 0; t < found; t++) {
      ids[t] = counts.add(
        source,
        starts[t] as number,
        ends[t] as number,
        hashes[t] as number,
        lows[t] as number,
        highs[t] as number,
      );
    }
    return found;
  }

  /** As in Keras, fitting (even on no texts) re-derives the index from the counts. */
  #rederiveIndex(): void {
    this.#view = null;
    this.#indexLoaded = false;
  }

  /** Writes the ids of `text` into #ids (at most `limit`) and returns how many. */
  #encode(text: unknown, where: string, limit: number): number {
    if (typeof text !== 'string') {
      throw new TypeError(`${where}: text must be a string, got ${describeType(text)}`);
    }
    const { table, oov } = this.#indexView();
    const numWords = this.#options.numWords ?? Infinity;
    const splitter = this.#splitter;
    const found = splitter.scan(text);
    const { text: source, starts, ends, hashes, lows, highs } = splitter;
    if (this.#ids.length < found) this.#ids = new Int32Array(Math.max(found, this.#ids.length * 2));
    const ids = this.#ids;
    const slots = table.slots;
    let count = 0;
    for (let t = 0; t < found && count < limit; t++) {
      const at = table.findSlot(
        source,
        starts[t] as number,
        ends[t] as number,
        hashes[t] as number,
        lows[t] as number,
        highs[t] as number,
      );
      const id = at < 0 ? -1 : (slots[at + PAYLOAD] as number);
      if (id >= 0 && id < numWords) ids[count++] = id;
      else if (oov >= 0) ids[count++] = oov;
    }
    return count;
  }

  #indexView(): IndexView {
    if (this.#view === null) this.#view = makeView(this.#deriveIndex(), this.#options.oovToken);
    return this.#view;
  }

  /** Keras's ranking: the OOV token first, then by count with ties in order of first appearance. */
  #deriveIndex(): Map<string, number> {
    const { oovToken } = this.#options;
    const index = new Map<string, number>();
    if (oovToken !== null) index.set(oovToken, 1);
    const words = this.#counts.words;
    let next = index.size + 1;
    for (const id of this.#counts.rankedIds()) {
      const word = words[id] as string;
      // The OOV token keeps index 1 even when it also occurs as a word (Keras would move it).
      if (word !== oovToken) index.set(word, next++);
    }
    return index;
  }
}

function makeView(index: Map<string, number>, oovToken: string | null): IndexView {
  const table = new WordTable(1);
  let maxIndex = 0;
  for (const [word, i] of index) {
    computeKey(word, 0, word.length);
    const at = table.internSlot(word, 0, word.length, key.hash, key.low, key.high);
    table.slots[at + PAYLOAD] = i;
    if (i > maxIndex) maxIndex = i;
  }
  const oov = oovToken === null ? -1 : (index.get(oovToken) ?? -1);
  return { index, table, oov, maxIndex };
}

function sameEntries(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): boolean {
  if (a.size !== b.size) return false;
  for (const [word, i] of a) if (b.get(word) !== i) return false;
  return true;
}

function checkTexts(texts: unknown, where: string): void {
  if (typeof texts === 'string') {
    throw new TypeError(
      `${where}: pass an iterable of texts (e.g. an array of strings), not a single string`,
    );
  }
  if (texts === null || typeof texts !== 'object' || !(Symbol.iterator in texts)) {
    throw new TypeError(
      `${where}: texts must be an iterable of strings, got ${describeType(texts)}`,
    );
  }
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  const type = typeof value;
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}
