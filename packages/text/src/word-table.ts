/**
 * Interns words found inside a larger string: maps the characters `text[start, end)` to a dense
 * id without first cutting them out as a string of their own. `Map.get(text.slice(...))` costs
 * an allocation and a hash per token; here the hash is computed over the characters in place and
 * a string is made only for a word seen for the first time. Open addressing, linear probing.
 */
export class WordTable {
  readonly #words: string[] = [];
  /**
   * SLOT entries per slot, side by side so that a probe touches one cache line: the word id + 1
   * (0 when the slot is empty), the word's hash, then its packed key (see {@link computeKey}):
   * for a short word the key alone proves a match, so the word's string is not read.
   */
  #slots = new Int32Array(SLOT * 1024);
  #mask = 1023;

  /** Number of words. */
  get size(): number {
    return this.#words.length;
  }

  /** Words by id, in order of insertion. */
  get words(): readonly string[] {
    return this.#words;
  }

  /** Id of `text[start, end)`, or -1 if absent. */
  find(text: string, start: number, end: number): number {
    const slot = this.#probe(text, start, end);
    return (this.#slots[SLOT * slot] as number) - 1;
  }

  /** Id of `text[start, end)`, adding the word if absent. */
  intern(text: string, start: number, end: number): number {
    const slot = this.#probe(text, start, end);
    const entry = this.#slots[SLOT * slot] as number;
    return entry !== 0 ? entry - 1 : this.#add(text.slice(start, end), slot);
  }

  /** Id of `word`, adding it if absent. */
  internWord(word: string): number {
    return this.intern(word, 0, word.length);
  }

  /** The slot holding `text[start, end)`, or the empty slot where it belongs; leaves its key in `key`. */
  #probe(text: string, start: number, end: number): number {
    computeKey(text, start, end);
    const { hash, low, high } = key;
    const slots = this.#slots;
    const mask = this.#mask;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const at = SLOT * slot;
      const entry = slots[at] as number;
      if (
        entry === 0 ||
        (slots[at + 1] === hash &&
          slots[at + 2] === low &&
          slots[at + 3] === high &&
          (high !== UNPACKED || sameRange(this.#words[entry - 1] as string, text, start, end)))
      ) {
        return slot;
      }
    }
  }

  /** Adds `word` at the empty `slot` found by #probe (whose key is still in `key`). */
  #add(word: string, slot: number): number {
    const id = this.#words.length;
    this.#words.push(word);
    this.#fill(slot, id);
    // Keep the load below one half so that probes stay short.
    const capacity = this.#mask + 1;
    if ((id + 1) * 2 > capacity) this.#rehash(capacity * 2);
    return id;
  }

  #fill(slot: number, id: number): void {
    const at = SLOT * slot;
    const slots = this.#slots;
    slots[at] = id + 1;
    slots[at + 1] = key.hash;
    slots[at + 2] = key.low;
    slots[at + 3] = key.high;
  }

  #rehash(capacity: number): void {
    this.#slots = new Int32Array(SLOT * capacity);
    this.#mask = capacity - 1;
    const words = this.#words;
    for (let id = 0; id < words.length; id++) {
      const word = words[id] as string;
      computeKey(word, 0, word.length);
      let slot = key.hash & this.#mask;
      while (this.#slots[SLOT * slot] !== 0) slot = (slot + 1) & this.#mask;
      this.#fill(slot, id);
    }
  }
}

/** Int32 entries per slot: id + 1, hash, key low, key high. */
const SLOT = 4;
/** Words of at most this many UTF-16 units, each below 256, are packed into the key. */
const PACKED_MAX = 7;
/** Key high word of a word too long or too wide to pack; such words are compared by string. */
const UNPACKED = -1;

/** The last key computed: returned through a shared object so that the hot path allocates nothing. */
const key = { hash: 0, low: 0, high: 0 };

/**
 * Computes the hash of `text[start, end)` (FNV-1a over UTF-16 code units, then a final mix so
 * that the low bits used as slot vary well) and its packed key: for a word of up to
 * {@link PACKED_MAX} units each below 256, the units as bytes with the length in the top byte,
 * which identifies the word exactly; otherwise `high` is {@link UNPACKED}.
 */
function computeKey(text: string, start: number, end: number): void {
  let h = 0x811c9dc5;
  let low = 0;
  let high = 0;
  let packable = end - start <= PACKED_MAX;
  for (let i = start; i < end; i++) {
    const unit = text.charCodeAt(i);
    h = Math.imul(h ^ unit, 0x01000193);
    if (unit > 0xff) packable = false;
    const k = i - start;
    if (k < 4) low |= unit << (8 * k);
    else high |= unit << (8 * (k - 4));
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  key.hash = h ^ (h >>> 13);
  key.low = packable ? low : 0;
  // The length in the top byte (at most 7) keeps a packed high word from ever equalling UNPACKED.
  key.high = packable ? (high & 0xffffff) | ((end - start) << 24) : UNPACKED;
}

function sameRange(word: string, text: string, start: number, end: number): boolean {
  if (word.length !== end - start) return false;
  for (let i = 0; i < word.length; i++)
    if (word.charCodeAt(i) !== text.charCodeAt(start + i)) return false;
  return true;
}
