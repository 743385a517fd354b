import { WordTable } from './word-table';

/**
 * Corpus statistics as Keras keeps them: for every word, in order of first appearance, how often
 * it occurs (`word_counts`) and in how many documents (`word_docs`). Stored as parallel arrays
 * keyed by a dense id so that counting a token costs one table lookup and no allocation.
 */
export class WordCounts {
  readonly #table = new WordTable();
  // Float64 keeps counts exact far past 2^31 (billions of tokens).
  #counts = new Float64Array(1024);
  #docs = new Float64Array(1024);
  /** The document stamp that last counted each word: counts a word once per document without a Set. */
  #lastDoc = new Float64Array(1024);
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
    return this.#counts[id] as number;
  }

  docs(id: number): number {
    return this.#docs[id] as number;
  }

  /** Starts a new document: the next {@link add} calls count towards its word_docs once per word. */
  beginDocument(): void {
    this.#stamp++;
  }

  /** Counts one occurrence of the word `text[start, end)` in the current document. */
  add(text: string, start: number, end: number): void {
    const size = this.#table.size;
    const id = this.#table.intern(text, start, end);
    if (id === size) this.#init(id, 0, 0);
    const counts = this.#counts;
    counts[id] = (counts[id] as number) + 1;
    if (this.#lastDoc[id] !== this.#stamp) {
      this.#lastDoc[id] = this.#stamp;
      const docs = this.#docs;
      docs[id] = (docs[id] as number) + 1;
    }
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
    const counts = this.#counts;
    const ids = new Int32Array(this.#table.size);
    for (let i = 0; i < ids.length; i++) ids[i] = i;
    return ids.sort((a, b) => (counts[b] as number) - (counts[a] as number) || a - b);
  }

  #init(id: number, count: number, docs: number): void {
    if (id === this.#counts.length) {
      this.#counts = grow(this.#counts);
      this.#docs = grow(this.#docs);
      this.#lastDoc = grow(this.#lastDoc);
    }
    this.#counts[id] = count;
    this.#docs[id] = docs;
    this.#lastDoc[id] = 0;
  }
}

function grow(array: Float64Array): Float64Array<ArrayBuffer> {
  const bigger = new Float64Array(array.length * 2);
  bigger.set(array);
  return bigger;
}
