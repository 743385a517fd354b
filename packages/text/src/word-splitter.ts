/**
 * Finds the words of a text with Keras's `text_to_word_sequence` semantics: optionally lower-case
 * the whole text, replace every filter character by the separator, split on the separator, drop
 * empty pieces. Results are token boundaries into {@link WordSplitter.text}, so that callers can
 * look words up without building an array per text.
 */
export class WordSplitter {
  /** The text the boundaries refer to (lower-cased, and for a multi-character separator, filtered). */
  text = '';
  /** Start offsets (UTF-16 units) of the tokens found by the last {@link scan}. */
  starts = new Int32Array(256);
  /** End offsets (exclusive) of the tokens found by the last {@link scan}. */
  ends = new Int32Array(256);

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
    return this.#pairAware ? this.#scanPairAware(text) : this.#scanUnits(text);
  }

  #scanUnits(text: string): number {
    const boundary = this.#boundary;
    let count = 0;
    let start = -1;
    const n = text.length;
    for (let i = 0; i < n; i++) {
      if (boundary[text.charCodeAt(i)] === 1) {
        if (start >= 0) {
          count = this.#push(count, start, i);
          start = -1;
        }
      } else if (start < 0) {
        start = i;
      }
    }
    if (start >= 0) count = this.#push(count, start, n);
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

  #push(count: number, start: number, end: number): number {
    if (count === this.starts.length) {
      const starts = new Int32Array(count * 2);
      starts.set(this.starts);
      this.starts = starts;
      const ends = new Int32Array(count * 2);
      ends.set(this.ends);
      this.ends = ends;
    }
    this.starts[count] = start;
    this.ends[count] = end;
    return count + 1;
  }
}
