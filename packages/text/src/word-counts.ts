import { WordTable } from './word-table';

/** Numbers kept per word, side by side in one array so that counting a token touches one place. */
const STRIDE = 3;
const COUNT = 0;
const DOCS = 1;
/** The document stamp that last counted the word: counts a word once per document without a Set. */
const LAST_DOC = 2;

/**
 * Corpus statistics as Keras keeps them: for every word, in order of first appearance, how often
 * it occurs (`word_counts`) and in how many documents (`word_docs`). Stored by a dense id (the
 * word's position in order of first appearance) so that counting a token costs one table lookup
 * and no allocation.
 */
export class WordCounts {
  readonly #table = new WordTable();
  // Float64 keeps counts exact far past 2^31 (billions of tokens).
  #stats = new Float64Array(STRIDE * 1024);
  /** Entries of #stats in use: STRIDE per word. */
  #used = 0;
  #stamp = 0;

  /** Number of distinct words. */
  get size(): number {
    return this.#table.size;
  }

  /** Words in order of first appearance. */
  get words(): readonly string[] {
    return this.#table.words;
  }

  count(id: number): number {
    return this.#stats[STRIDE * id + COUNT] as number;
  }

  docs(id: number): number {
    return this.#stats[STRIDE * id + DOCS] as number;
  }

  /** Starts a new document: the next {@link add} calls count towards its word_docs once per word. */
  beginDocument(): void {
    this.#stamp++;
  }

  /**
   * Counts one occurrence of the word `text[start, end)` in the current document.
   *
   * @returns the word's id (its position in order of first appearance).
   */
  add(text: string, start: number, end: number): number {
    const id = this.#table.intern(text, start, end);
    const at = STRIDE * id;
    // A new word's stats are past the end of those initialised so far.
    if (at === this.#used) this.#init(id, 0, 0);
    const stats = this.#stats;
    stats[at + COUNT] = (stats[at + COUNT] as number) + 1;
    const stamp = this.#stamp;
    if (stats[at + LAST_DOC] !== stamp) {
      stats[at + LAST_DOC] = stamp;
      stats[at + DOCS] = (stats[at + DOCS] as number) + 1;
    }
    return id;
  }

  /** Adds a word with given totals (loading saved statistics). Throws if the word is already present. */
  restore(word: string, count: number, docs: number): void {
    const size = this.#table.size;
    const id = this.#table.internWord(word);
    if (id !== size) throw new RangeError(`word ${JSON.stringify(word)} appears twice`);
    this.#init(id, count, docs);
  }

  /**
   * Word ids ordered as Keras ranks them: by count, most frequent first, ties in order of first
   * appearance (Python's sort is stable).
   */
  rankedIds(): Int32Array {
    const stats = this.#stats;
    const ids = new Int32Array(this.#table.size);
    for (let i = 0; i < ids.length; i++) ids[i] = i;
    return ids.sort(
      (a, b) =>
        (stats[STRIDE * b + COUNT] as number) - (stats[STRIDE * a + COUNT] as number) || a - b,
    );
  }

  #init(id: number, count: number, docs: number): void {
    const at = STRIDE * id;
    if (at === this.#stats.length) {
      const bigger = new Float64Array(this.#stats.length * 2);
      bigger.set(this.#stats);
      this.#stats = bigger;
    }
    this.#stats[at + COUNT] = count;
    this.#stats[at + DOCS] = docs;
    this.#stats[at + LAST_DOC] = 0;
    this.#used = at + STRIDE;
  }
}
