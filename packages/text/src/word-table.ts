/**
 * Interns words found inside a larger string: maps the characters `text[start, end)` to a dense
 * id without first cutting them out as a string of their own. `Map.get(text.slice(...))` costs
 * an allocation and a hash per token; here the hash is computed over the characters in place and
 * a string is made only for a word seen for the first time. Open addressing, linear probing.
 */
export class WordTable {
  readonly #words: string[] = [];
  #hashes = new Int32Array(0);
  /** Per slot: word id + 1, 0 when empty. */
  #slots = new Int32Array(1024);
  #slotHashes = new Int32Array(1024);
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
    const hash = hashRange(text, start, end);
    const slots = this.#slots;
    const slotHashes = this.#slotHashes;
    const mask = this.#mask;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const entry = slots[slot] as number;
      if (entry === 0) return -1;
      if (
        slotHashes[slot] === hash &&
        sameRange(this.#words[entry - 1] as string, text, start, end)
      ) {
        return entry - 1;
      }
    }
  }

  /** Id of `text[start, end)`, adding the word if absent. */
  intern(text: string, start: number, end: number): number {
    const hash = hashRange(text, start, end);
    const slots = this.#slots;
    const slotHashes = this.#slotHashes;
    const mask = this.#mask;
    let slot = hash & mask;
    for (; ; slot = (slot + 1) & mask) {
      const entry = slots[slot] as number;
      if (entry === 0) break;
      if (
        slotHashes[slot] === hash &&
        sameRange(this.#words[entry - 1] as string, text, start, end)
      ) {
        return entry - 1;
      }
    }
    return this.#add(text.slice(start, end), hash, slot);
  }

  /** Id of `word`, adding it if absent. */
  internWord(word: string): number {
    return this.intern(word, 0, word.length);
  }

  #add(word: string, hash: number, slot: number): number {
    const id = this.#words.length;
    this.#words.push(word);
    if (id === this.#hashes.length) {
      const hashes = new Int32Array(Math.max(1024, id * 2));
      hashes.set(this.#hashes);
      this.#hashes = hashes;
    }
    this.#hashes[id] = hash;
    this.#slots[slot] = id + 1;
    this.#slotHashes[slot] = hash;
    // Keep the load below one half so that probes stay short.
    if ((id + 1) * 2 > this.#slots.length) this.#rehash(this.#slots.length * 2);
    return id;
  }

  #rehash(capacity: number): void {
    const slots = new Int32Array(capacity);
    const slotHashes = new Int32Array(capacity);
    const mask = capacity - 1;
    const hashes = this.#hashes;
    for (let id = 0; id < this.#words.length; id++) {
      const hash = hashes[id] as number;
      let slot = hash & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = id + 1;
      slotHashes[slot] = hash;
    }
    this.#slots = slots;
    this.#slotHashes = slotHashes;
    this.#mask = mask;
  }
}

/** FNV-1a over UTF-16 code units, then a final mix so that the low bits used as slot vary well. */
function hashRange(text: string, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  return h ^ (h >>> 13);
}

function sameRange(word: string, text: string, start: number, end: number): boolean {
  if (word.length !== end - start) return false;
  for (let i = 0; i < word.length; i++)
    if (word.charCodeAt(i) !== text.charCodeAt(start + i)) return false;
  return true;
}
