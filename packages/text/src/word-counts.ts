import { quoteInput } from './limits';
import { computeKey, key, PAYLOAD, WordTable } from './word-table';

/** The payload of a word's slot: its count (modulo SPILL). */
const COUNT = PAYLOAD;
/** A count in a slot is Int32: on reaching this, it moves to the word's exact Float64 total. */
const SPILL = 2 ** 30;

/**
 * Corpus statistics as Keras keeps them: for every word, in order of first appearance, how often
 * it occurs (`word_counts`) and in how many documents (`word_docs`). A word's id is its position
 * in order of first appearance. Counting a token costs one table lookup and no allocation: the
 * count lives in the word's slot (read anyway to find the word), the document numbers in arrays by
 * id (compact, and frequent words, seen early, share their cache lines).
 */
export class WordCounts {
  readonly #table = new WordTable(1);
  /** By id: the document stamp that last counted the word (counts it once per document). */
  #lastDoc = new Int32Array(1024);
  /** By id: number of documents holding the word. */
  #docs = new Float64Array(1024);
  /** By id: the part of the word's count moved out of its slot (a multiple of SPILL). */
  #spilled = new Float64Array(0);
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
    const word = this.#table.words[id];
    if (word === undefined) throw new RangeError(`no word with id ${id}`);
    return (
      (this.#table.slots[this.#table.findWordSlot(word) + COUNT] as number) + this.#spilledOf(id)
    );
  }

  docs(id: number): number {
    if (id < 0 || id >= this.size) throw new RangeError(`no word with id ${id}`);
    return this.#docs[id] as number;
  }

  /** Count of every word, by id. */
  counts(): Float64Array {
    const table = this.#table;
    const counts = new Float64Array(table.size);
    const slots = table.slots;
    for (let at = 0; at < slots.length; at += table.stride) {
      const id = (slots[at] as number) - 1;
      if (id >= 0) counts[id] = (slots[at + COUNT] as number) + this.#spilledOf(id);
    }
    return counts;
  }

  /** Document count of every word, by id. */
  allDocs(): Float64Array {
    return this.#docs.slice(0, this.size);
  }

  /** Starts a new document: the next {@link add} calls count towards its word_docs once per word. */
  beginDocument(): void {
    // Stamp 0 marks a word never seen; skip it when the stamp wraps.
    this.#stamp = (this.#stamp + 1) | 0 || 1;
  }

  /**
   * Counts one occurrence of the word `text[start, end)`, whose key is given (see `computeKey`),
   * in the current document.
   *
   * @returns the word's id (its position in order of first appearance).
   */
  add(text: string, start: number, end: number, hash: number, low: number, high: number): number {
    const table = this.#table;
    const size = table.size;
    const at = table.internSlot(text, start, end, hash, low, high);
    const slots = table.slots;
    const id = (slots[at] as number) - 1;
    if (id === size) this.#reserve(id);
    const count = (slots[at + COUNT] as number) + 1;
    if (count === SPILL) this.#spill(id, at);
    else slots[at + COUNT] = count;
    const stamp = this.#stamp;
    if (this.#lastDoc[id] !== stamp) {
      this.#lastDoc[id] = stamp;
      this.#docs[id] = (this.#docs[id] as number) + 1;
    }
    return id;
  }

  /** Adds a word with given totals (loading saved statistics). Throws if the word is already present. */
  restore(word: string, count: number, docs: number): void {
    const table = this.#table;
    const id = table.size;
    computeKey(word, 0, word.length);
    const at = table.internSlot(word, 0, word.length, key.hash, key.low, key.high);
    if (table.slots[at] !== id + 1) throw new RangeError(`word ${quoteInput(word)} appears twice`);
    this.#reserve(id);
    const rest = count % SPILL;
    table.slots[at + COUNT] = rest;
    if (rest !== count) this.#addSpilled(id, count - rest);
    this.#docs[id] = docs;
  }

  /**
   * Word ids ordered as Keras ranks them: by count, most frequent first, ties in order of first
   * appearance (Python's sort is stable).
   */
  rankedIds(): Int32Array {
    const counts = this.counts();
    const ids = new Int32Array(counts.length);
    for (let i = 0; i < ids.length; i++) ids[i] = i;
    return ids.sort((a, b) => (counts[b] as number) - (counts[a] as number) || a - b);
  }

  #spilledOf(id: number): number {
    return id < this.#spilled.length ? (this.#spilled[id] as number) : 0;
  }

  /** Moves SPILL from the count in the slot at `at` (which just reached it) to the word's total. */
  #spill(id: number, at: number): void {
    this.#addSpilled(id, SPILL);
    this.#table.slots[at + COUNT] = 0;
  }

  #addSpilled(id: number, amount: number): void {
    if (id >= this.#spilled.length) {
      const bigger = new Float64Array(Math.max(id + 1, 2 * this.#spilled.length));
      bigger.set(this.#spilled);
      this.#spilled = bigger;
    }
    this.#spilled[id] = (this.#spilled[id] as number) + amount;
  }

  /** Makes room in the arrays by id for word `id`. */
  #reserve(id: number): void {
    if (id < this.#lastDoc.length) return;
    const lastDoc = new Int32Array(2 * this.#lastDoc.length);
    lastDoc.set(this.#lastDoc);
    this.#lastDoc = lastDoc;
    const docs = new Float64Array(2 * this.#docs.length);
    docs.set(this.#docs);
    this.#docs = docs;
  }
}
