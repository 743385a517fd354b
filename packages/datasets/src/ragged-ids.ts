import type { IdRow } from '@srnn/text';
import type { TokenIds } from './encode-plan';

/** Row offsets of ragged ids: Uint32Array while the ids fit 32-bit offsets, Float64Array beyond. */
export type RowOffsets = Uint32Array | Float64Array;

/** Ragged ids as written: every row's ids back to back, and where each row starts and ends. */
export interface RaggedIds {
  readonly x: TokenIds;
  /** `rows + 1` entries: row r's ids are `x[offsets[r]]` up to (not including) `x[offsets[r + 1]]`. */
  readonly offsets: RowOffsets;
}

/** Grow the buffer by at least this many bytes at a time (each growth commits pages in place). */
const GROW_BYTES = 16 * 1024 * 1024;

/**
 * The most a resizable buffer may reserve on Node.js 20 (4 GiB): the worst case of many long rows
 * is reserved only up to this, and ids beyond it are refused with what to change.
 */
export const MAX_RESERVED_BYTES = 2 ** 32;

/** `new ArrayBuffer(length, { maxByteLength })`: ES2024, typed here as the ES2022 lib lacks it. */
type ResizableBuffer = ArrayBuffer & {
  readonly maxByteLength: number;
  resize(byteLength: number): void;
};
const Resizable = ArrayBuffer as unknown as new (
  byteLength: number,
  options: { maxByteLength: number },
) => ResizableBuffer;

/**
 * Writes documents' ids without padding, one row after another, into one growable buffer: a
 * resizable ArrayBuffer reserved for the worst case (every row `maxLen` ids) but committed only as
 * rows arrive, so memory follows the ids actually written and growing never copies them. Each row
 * is written by a callback into a `maxLen`-long window at the end of the ids, with trailing
 * padding (`padding: 'post'`, e.g. `tokenizer.encodeInto`), which returns how many real ids it
 * wrote; those stay, the rest of the window is reused by the next row.
 */
export class RaggedIdsWriter {
  readonly #buffer: ResizableBuffer;
  readonly #wide: boolean;
  readonly #maxLen: number;
  readonly #announced: number;
  readonly #offsets: RowOffsets;
  #ids: TokenIds;
  #rows = 0;
  #end = 0;

  /**
   * @param rows the number of rows that will be written.
   * @param wide Int32Array ids (else Uint16Array).
   * @param maxBytes the most the ids may take ({@link MAX_RESERVED_BYTES} unless given).
   */
  constructor(rows: number, maxLen: number, wide: boolean, maxBytes = MAX_RESERVED_BYTES) {
    this.#wide = wide;
    this.#maxLen = maxLen;
    this.#announced = rows;
    const bytes = wide ? 4 : 2;
    const reserve = Math.min(rows * maxLen * bytes, Math.floor(maxBytes / bytes) * bytes);
    this.#buffer = new Resizable(0, { maxByteLength: Math.max(bytes, reserve) });
    this.#ids = this.#view(0);
    this.#offsets =
      rows * maxLen <= 0xffff_ffff ? new Uint32Array(rows + 1) : new Float64Array(rows + 1);
  }

  /** Appends the next row: `write` fills the window and returns how many ids it kept (<= maxLen). */
  append(write: (window: IdRow) => number): void {
    const need = this.#end + this.#maxLen;
    if (need > this.#ids.length) {
      const bytes = this.#wide ? 4 : 2;
      if (need * bytes > this.#buffer.maxByteLength) {
        throw new Error(
          `the token ids pass ${this.#buffer.maxByteLength} bytes at row ${this.#rows + 1} of ${this.#announced} ` +
            `(${this.#wide ? 'Int32' : 'Uint16'} ids, up to ${this.#maxLen} a row), more than one buffer may hold here: ` +
            `use a shorter maximum length or a smaller vocabulary (Uint16 ids up to 65,535 words), or split the data`,
        );
      }
      const grown = Math.min(
        this.#buffer.maxByteLength,
        Math.max(need * bytes, this.#buffer.byteLength + GROW_BYTES),
      );
      this.#buffer.resize(grown);
      this.#ids = this.#view(grown / bytes);
    }
    if (this.#rows + 1 >= this.#offsets.length) {
      throw new Error(`RaggedIdsWriter: more rows than the ${this.#offsets.length - 1} announced`);
    }
    const kept = write(this.#ids.subarray(this.#end, need));
    this.#end += kept;
    this.#offsets[++this.#rows] = this.#end;
  }

  /** The rows written: the buffer shrunk to the ids kept (no copy), and the offsets. */
  finish(): RaggedIds {
    if (this.#rows !== this.#offsets.length - 1) {
      throw new Error(
        `RaggedIdsWriter: ${this.#rows} rows written, ${this.#offsets.length - 1} announced`,
      );
    }
    const bytes = this.#wide ? 4 : 2;
    this.#buffer.resize(this.#end * bytes);
    return { x: this.#view(this.#end), offsets: this.#offsets };
  }

  #view(length: number): TokenIds {
    return this.#wide
      ? new Int32Array(this.#buffer, 0, length)
      : new Uint16Array(this.#buffer, 0, length);
  }
}
