/**
 * Interns words found inside a larger string: maps the characters `text[start, end)` to a dense
 * id without first cutting them out as a string of their own. `Map.get(text.slice(...))` costs
 * an allocation and a hash per token; here the hash is computed over the characters in place
 * (by {@link computeKey}, or by {@link WordSplitter} while it scans) and a string is made only
 * for a word seen for the first time. Open addressing, linear probing.
 *
 * Each slot can carry `payload` extra Int32 entries (e.g. a word's counts), next to its key, so
 * that a caller that finds a word finds its numbers in the same cache line.
 */
export class WordTable {
  readonly #words: string[] = [];
  /**
   * {@link stride} entries per slot, side by side so that a probe touches one cache line: the
   * word id + 1 (0 when the slot is empty), its key's low and high words (see {@link computeKey}:
   * for a short word they alone prove a match, so the word's string is not read), then the
   * payload. Slots are kept small because every word's slot is read at random.
   */
  #slots: Int32Array;
  #mask = 1023;
  /** Int32 entries per slot. */
  readonly stride: number;

  constructor(payload = 0) {
    // A power of two, so that a slot never straddles two cache lines.
    let stride = 1;
    while (stride < KEY_ENTRIES + payload) stride *= 2;
    this.stride = stride;
    this.#slots = new Int32Array(this.stride * 1024);
  }

  /** Number of words. */
  get size(): number {
    return this.#words.length;
  }

  /** Words by id, in order of insertion. */
  get words(): readonly string[] {
    return this.#words;
  }

  /**
   * The slot array (replaced when the table grows): the slot at offset `at` holds the word id + 1
   * at `at`, and the payload from `at + PAYLOAD`.
   */
  get slots(): Int32Array {
    return this.#slots;
  }

  /** Id of `text[start, end)`, or -1 if absent. */
  find(text: string, start: number, end: number): number {
    computeKey(text, start, end);
    const at = this.findSlot(text, start, end, key.hash, key.low, key.high);
    return at < 0 ? -1 : (this.#slots[at] as number) - 1;
  }

  /** Id of `text[start, end)`, adding the word if absent. */
  intern(text: string, start: number, end: number): number {
    computeKey(text, start, end);
    const at = this.internSlot(text, start, end, key.hash, key.low, key.high);
    return (this.#slots[at] as number) - 1;
  }

  /** Id of `word`, adding it if absent. */
  internWord(word: string): number {
    return this.intern(word, 0, word.length);
  }

  /** Offset in {@link slots} of the word `word`, or -1 if absent. */
  findWordSlot(word: string): number {
    computeKey(word, 0, word.length);
    return this.findSlot(word, 0, word.length, key.hash, key.low, key.high);
  }

  /** Offset in {@link slots} of `text[start, end)` whose key is given (see {@link computeKey}), or -1. */
  findSlot(
    text: string,
    start: number,
    end: number,
    hash: number,
    low: number,
    high: number,
  ): number {
    const at = this.#probe(text, start, end, hash, low, high);
    return this.#slots[at] === 0 ? -1 : at;
  }

  /** Offset in {@link slots} of `text[start, end)` whose key is given, adding the word if absent. */
  internSlot(
    text: string,
    start: number,
    end: number,
    hash: number,
    low: number,
    high: number,
  ): number {
    const at = this.#probe(text, start, end, hash, low, high);
    if (this.#slots[at] !== 0) return at;
    const id = this.#words.length;
    this.#words.push(text.slice(start, end));
    const slots = this.#slots;
    slots[at] = id + 1;
    slots[at + 1] = low;
    slots[at + 2] = high;
    // Keep the load below MAX_LOAD so that probes stay short.
    const capacity = this.#mask + 1;
    if (id + 1 <= capacity * MAX_LOAD) return at;
    this.#rehash(capacity * 2);
    return this.#probe(text, start, end, hash, low, high);
  }

  /** The slot holding the word with this key, or the empty slot where it belongs. */
  #probe(
    text: string,
    start: number,
    end: number,
    hash: number,
    low: number,
    high: number,
  ): number {
    const slots = this.#slots;
    const mask = this.#mask;
    const stride = this.stride;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const at = stride * slot;
      const entry = slots[at] as number;
      if (
        entry === 0 ||
        (slots[at + 1] === low &&
          slots[at + 2] === high &&
          (high !== UNPACKED || sameRange(this.#words[entry - 1] as string, text, start, end)))
      ) {
        return at;
      }
    }
  }

  /** Moves every slot, payload included, into a table of `capacity` slots. */
  #rehash(capacity: number): void {
    const old = this.#slots;
    const stride = this.stride;
    const slots = new Int32Array(stride * capacity);
    const mask = capacity - 1;
    const words = this.#words;
    for (let from = 0; from < old.length; from += stride) {
      if (old[from] === 0) continue;
      // Slots do not keep the hash (to stay small): compute it again.
      const word = words[(old[from] as number) - 1] as string;
      computeKey(word, 0, word.length);
      let slot = key.hash & mask;
      while (slots[stride * slot] !== 0) slot = (slot + 1) & mask;
      const to = stride * slot;
      for (let k = 0; k < stride; k++) slots[to + k] = old[from + k] as number;
    }
    this.#slots = slots;
    this.#mask = mask;
  }
}

/** Int32 entries of a slot before its payload: id + 1, key low, key high. */
const KEY_ENTRIES = 3;
/**
 * Largest share of slots in use. Slots are read at random, so a smaller table (fewer cache misses)
 * pays for the longer probes of a fuller one; measured with the `@srnn/datasets` bench.
 */
const MAX_LOAD = 0.8;
/** Offset of the payload within a slot. */
export const PAYLOAD = KEY_ENTRIES;
/** Words of at most this many UTF-16 units, each below 256, are packed into the key. */
export const PACKED_MAX = 7;
/** Key high word of a word too long or too wide to pack; such words are compared by string. */
export const UNPACKED = -1;
/** FNV-1a over UTF-16 code units. */
export const FNV_OFFSET = 0x811c9dc5 | 0;
export const FNV_PRIME = 0x01000193;

/** The last key computed: returned through a shared object so that the hot path allocates nothing. */
export const key = { hash: 0, low: 0, high: 0 };

/** The final mix of an FNV-1a state, so that the low bits used as slot vary well. */
export function finishHash(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  return h ^ (h >>> 13);
}

/**
 * Computes into {@link key} the hash of `text[start, end)` (FNV-1a over UTF-16 code units, then
 * {@link finishHash}), which chooses the slot, and its packed key: for a word of up to
 * {@link PACKED_MAX} units each below 256, the units as bytes (`low`: units 0-3, `high`: units
 * 4-6) with the length in the top byte of `high`, which identifies the word exactly; otherwise
 * `low` is the hash and `high` {@link UNPACKED}, and a match is confirmed on the word's string.
 * {@link WordSplitter} computes the same key while it scans; the two must agree.
 */
export function computeKey(text: string, start: number, end: number): void {
  let h = FNV_OFFSET;
  let low = 0;
  let high = 0;
  let packable = end - start <= PACKED_MAX;
  for (let i = start; i < end; i++) {
    const unit = text.charCodeAt(i);
    h = Math.imul(h ^ unit, FNV_PRIME);
    if (unit > 0xff) packable = false;
    const k = i - start;
    if (k < 4) low |= unit << (8 * k);
    else high |= unit << (8 * (k - 4));
  }
  key.hash = finishHash(h);
  key.low = packable ? low : key.hash;
  // The length in the top byte (at most 7) keeps a packed high word from ever equalling UNPACKED.
  key.high = packable ? (high & 0xffffff) | ((end - start) << 24) : UNPACKED;
}

function sameRange(word: string, text: string, start: number, end: number): boolean {
  if (word.length !== end - start) return false;
  for (let i = 0; i < word.length; i++)
    if (word.charCodeAt(i) !== text.charCodeAt(start + i)) return false;
  return true;
}
