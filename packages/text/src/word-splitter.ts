import {
  computeKey,
  finishHash,
  FNV_OFFSET,
  FNV_PRIME,
  key,
  PACKED_MAX,
  UNPACKED,
} from './word-table';

const utf8 = new TextEncoder();

/**
 * Finds the words of a text with Keras's `text_to_word_sequence` semantics: optionally lower-case
 * the whole text, replace every filter character by the separator, split on the separator, drop
 * empty pieces. Results are token boundaries into {@link WordSplitter.text}, so that callers can
 * look words up without building an array per text, and each token's {@link WordTable} key,
 * computed while scanning so that the characters are read once.
 */
export class WordSplitter {
  /** The text the boundaries refer to (lower-cased, and for a multi-character separator, filtered). */
  text = '';
  /** Start offsets (UTF-16 units) of the tokens found by the last {@link scan}. */
  starts = new Int32Array(256);
  /** End offsets (exclusive) of the tokens found by the last {@link scan}. */
  ends = new Int32Array(256);
  /** Each token's key (see `computeKey`): hash, packed low and high words. */
  hashes = new Int32Array(256);
  lows = new Int32Array(256);
  highs = new Int32Array(256);

  /** The UTF-8 bytes of the text being scanned (reused). */
  #bytes = new Uint8Array(1024);
  readonly #lower: boolean;
  readonly #split: string;
  /** 1 for a BMP code unit that ends a token (a filter character or the separator). */
  readonly #boundary = new Uint8Array(0x10000);
  /** Filter characters outside the BMP, by code point (Python filters per code point, not per unit). */
  readonly #astralFilters = new Set<number>();
  /** All filters by code point, for the multi-character separator path. */
  readonly #filterSet = new Set<number>();
  readonly #pairAware: boolean;
  /** A one-unit separator allows a single scan; a longer one needs Python's replace-then-split. */
  readonly #singleUnitSplit: boolean;

  constructor(filters: string, lower: boolean, split: string) {
    this.#lower = lower;
    this.#split = split;
    let pairAware = false;
    for (const ch of filters) {
      const cp = ch.codePointAt(0) as number;
      this.#filterSet.add(cp);
      if (cp > 0xffff) {
        this.#astralFilters.add(cp);
        pairAware = true;
      } else {
        if (cp >= 0xd800 && cp <= 0xdfff) pairAware = true;
        this.#boundary[cp] = 1;
      }
    }
    const splitUnit = split.charCodeAt(0);
    this.#singleUnitSplit = split.length === 1 && !(splitUnit >= 0xd800 && splitUnit <= 0xdfff);
    if (this.#singleUnitSplit) this.#boundary[splitUnit] = 1;
    this.#pairAware = pairAware;
  }

  /** Scans `input` and returns the number of tokens; their boundaries are in `starts`/`ends`. */
  scan(input: string): number {
    const text = this.#lower ? input.toLowerCase() : input;
    if (!this.#singleUnitSplit) return this.#scanBySeparator(text);
    this.text = text;
    if (this.#pairAware) return this.#scanPairAware(text);
    // Reading bytes is faster than charCodeAt: an ASCII text (one byte per unit, so the same
    // offsets) is scanned as its UTF-8 bytes.
    if (this.#bytes.length < text.length)
      this.#bytes = new Uint8Array(Math.max(text.length, 2 * this.#bytes.length));
    const { read, written } = utf8.encodeInto(text, this.#bytes);
    return read === written && read === text.length
      ? this.#scanBytes(this.#bytes, read)
      : this.#scanUnits(text);
  }

  /** #scanUnits over the bytes of an ASCII text. */
  #scanBytes(bytes: Uint8Array, n: number): number {
    const boundary = this.#boundary;
    let count = 0;
    let i = 0;
    while (i < n) {
      let unit = bytes[i] as number;
      if (boundary[unit] === 1) {
        i++;
        continue;
      }
      const start = i;
      let h = FNV_OFFSET;
      let low = 0;
      let high = 0;
      for (;;) {
        h = Math.imul(h ^ unit, FNV_PRIME);
        const k = i - start;
        if (k < 4) low |= unit << (8 * k);
        else if (k < PACKED_MAX) high |= unit << (8 * (k - 4));
        if (++i === n) break;
        unit = bytes[i] as number;
        if (boundary[unit] === 1) break;
      }
      const hash = finishHash(h);
      const length = i - start;
      count =
        length <= PACKED_MAX
          ? this.#pushKeyed(count, start, i, hash, low, (high & 0xffffff) | (length << 24))
          : this.#pushKeyed(count, start, i, hash, hash, UNPACKED);
    }
    return count;
  }

  /** One pass over the units: finds each token's bounds and computes its key as it goes. */
  #scanUnits(text: string): number {
    const boundary = this.#boundary;
    const n = text.length;
    let count = 0;
    let i = 0;
    while (i < n) {
      let unit = text.charCodeAt(i);
      if (boundary[unit] === 1) {
        i++;
        continue;
      }
      const start = i;
      let h = FNV_OFFSET;
      /** All units OR-ed: above 0xff when any unit is. */
      let wide = 0;
      for (;;) {
        h = Math.imul(h ^ unit, FNV_PRIME);
        wide |= unit;
        if (++i === n) break;
        unit = text.charCodeAt(i);
        if (boundary[unit] === 1) break;
      }
      const hash = finishHash(h);
      const length = i - start;
      // The same key as computeKey, which WordTable uses for words given as strings.
      if (length <= PACKED_MAX && wide <= 0xff) {
        let low = 0;
        let high = length << 24;
        for (let k = 0; k < length; k++) {
          const byte = text.charCodeAt(start + k);
          if (k < 4) low |= byte << (8 * k);
          else high |= byte << (8 * (k - 4));
        }
        count = this.#pushKeyed(count, start, i, hash, low, high);
      } else {
        count = this.#pushKeyed(count, start, i, hash, hash, UNPACKED);
      }
    }
    return count;
  }

  /** Like #scanUnits, but a surrogate pair is judged as one code point, as Python does. */
  #scanPairAware(text: string): number {
    const boundary = this.#boundary;
    const astral = this.#astralFilters;
    let count = 0;
    let start = -1;
    const n = text.length;
    for (let i = 0; i < n; i++) {
      const unit = text.charCodeAt(i);
      let width = 1;
      let isBoundary: boolean;
      if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < n) {
        const low = text.charCodeAt(i + 1);
        if (low >= 0xdc00 && low <= 0xdfff) {
          width = 2;
          isBoundary = astral.has(((unit - 0xd800) << 10) + (low - 0xdc00) + 0x10000);
        } else {
          isBoundary = boundary[unit] === 1;
        }
      } else {
        isBoundary = boundary[unit] === 1;
      }
      if (isBoundary) {
        if (start >= 0) {
          count = this.#push(count, start, i);
          start = -1;
        }
      } else if (start < 0) {
        start = i;
      }
      i += width - 1;
    }
    if (start >= 0) count = this.#push(count, start, n);
    return count;
  }

  /** Python's `text.translate(filters -> split).split(split)`, literally, for separators longer than one unit. */
  #scanBySeparator(text: string): number {
    const split = this.#split;
    const filters = this.#filterSet;
    let translated = '';
    let runStart = 0;
    let i = 0;
    for (const ch of text) {
      if (filters.has(ch.codePointAt(0) as number)) {
        translated += text.slice(runStart, i) + split;
        runStart = i + ch.length;
      }
      i += ch.length;
    }
    translated += text.slice(runStart);
    this.text = translated;
    let count = 0;
    let from = 0;
    for (;;) {
      const at = translated.indexOf(split, from);
      const end = at < 0 ? translated.length : at;
      if (end > from) count = this.#push(count, from, end);
      if (at < 0) return count;
      from = at + split.length;
    }
  }

  /** Adds a token found by a path that does not compute keys as it scans. */
  #push(count: number, start: number, end: number): number {
    computeKey(this.text, start, end);
    return this.#pushKeyed(count, start, end, key.hash, key.low, key.high);
  }

  #pushKeyed(
    count: number,
    start: number,
    end: number,
    hash: number,
    low: number,
    high: number,
  ): number {
    if (count === this.starts.length) this.#grow();
    this.starts[count] = start;
    this.ends[count] = end;
    this.hashes[count] = hash;
    this.lows[count] = low;
    this.highs[count] = high;
    return count + 1;
  }

  #grow(): void {
    const grown = (from: Int32Array): Int32Array<ArrayBuffer> => {
      const to = new Int32Array(from.length * 2);
      to.set(from);
      return to;
    };
    this.starts = grown(this.starts);
    this.ends = grown(this.ends);
    this.hashes = grown(this.hashes);
    this.lows = grown(this.lows);
    this.highs = grown(this.highs);
  }
}
