import { resolveRowPadOptions, type RowPadOptions } from './options';
import { isIdRow, writeRow, type IdRow } from './pad';

/** Ids in the first block (256 KiB): a small corpus needs no more. */
const FIRST_BLOCK_IDS = 1 << 16;
/** Blocks double up to this many ids (16 MiB): large enough to amortise, small enough not to waste much. */
const BLOCK_IDS = 1 << 22;

/** Options of {@link SequenceStore.padAllInto}. */
export interface StorePadOptions extends RowPadOptions {
  /**
   * Maps every stored id before padding: `map[id]` replaces `id`, and a negative result drops the
   * token (as encoding drops words without an OOV token). E.g. {@link Tokenizer.fitOrderToIndex}.
   */
  map?: Int32Array;
}

/**
 * Many id sequences of any length kept compactly: 4 bytes per id plus 12 bytes per sequence. Ids
 * live in blocks (growing from 256 KiB to 16 MiB), so that growing never copies the ids already
 * stored (no doubling spikes in memory). Use it to hold a corpus as ids between fitting a tokenizer and writing the
 * padded matrix, instead of reading and splitting the texts a second time.
 *
 * @example
 * const store = new SequenceStore();
 * for (const text of texts) store.append(tokenizer.fitOnTextWithIds(text));
 * const x = new Int32Array(store.length * maxLen);
 * store.padAllInto(x, maxLen, { map: tokenizer.fitOrderToIndex() });
 */
export class SequenceStore {
  readonly #blocks: Int32Array[] = [];
  /** Free ids left in the last block. */
  #free = 0;
  /** Per sequence: block, start in the block, length. */
  #index = new Int32Array(3 * 1024);
  #length = 0;
  #tokenCount = 0;

  /** Number of sequences. */
  get length(): number {
    return this.#length;
  }

  /** Number of ids over all sequences. */
  get tokenCount(): number {
    return this.#tokenCount;
  }

  /** Appends a copy of `ids` as the next sequence and returns its position. */
  append(ids: Int32Array): number {
    if (!(ids instanceof Int32Array)) {
      throw new TypeError('SequenceStore.append: ids must be an Int32Array');
    }
    const n = ids.length;
    if (n > this.#free || this.#blocks.length === 0) {
      const last = this.#blocks[this.#blocks.length - 1];
      const size = last ? Math.min(BLOCK_IDS, 2 * last.length) : FIRST_BLOCK_IDS;
      this.#blocks.push(new Int32Array(Math.max(size, n)));
      this.#free = (this.#blocks[this.#blocks.length - 1] as Int32Array).length;
    }
    const blockAt = this.#blocks.length - 1;
    const block = this.#blocks[blockAt] as Int32Array;
    const start = block.length - this.#free;
    block.set(ids, start);
    this.#free -= n;
    const position = this.#length;
    if (3 * (position + 1) > this.#index.length) {
      const bigger = new Int32Array(this.#index.length * 2);
      bigger.set(this.#index);
      this.#index = bigger;
    }
    this.#index[3 * position] = blockAt;
    this.#index[3 * position + 1] = start;
    this.#index[3 * position + 2] = n;
    this.#length++;
    this.#tokenCount += n;
    return position;
  }

  /** Sequence `position` as a view into the store (do not write to it). */
  get(position: number): Int32Array {
    if (!Number.isInteger(position) || position < 0 || position >= this.#length) {
      throw new RangeError(
        `SequenceStore.get: position ${position} is out of range; expected an integer 0 to ${this.#length - 1}`,
      );
    }
    return this.#view(position);
  }

  /**
   * Writes every sequence, in order, as one row of `matrix` (row-major, `maxLen` ids a row),
   * padded and truncated as {@link padSequences} would; with `map`, ids are mapped first and
   * negative results dropped, so truncation keeps `maxLen` real tokens.
   *
   * @param matrix at least `length * maxLen` ids, e.g. `new Int32Array(store.length * maxLen)`.
   */
  padAllInto(matrix: IdRow, maxLen: number, options?: StorePadOptions): void {
    if (!isIdRow(matrix)) {
      throw new TypeError('SequenceStore.padAllInto: matrix must be an Int32Array or Uint16Array');
    }
    if (!Number.isInteger(maxLen) || maxLen < 0) {
      throw new RangeError(
        `SequenceStore.padAllInto: maxLen must be an integer >= 0, got ${String(maxLen)}`,
      );
    }
    if (matrix.length < this.#length * maxLen) {
      throw new RangeError(
        `SequenceStore.padAllInto: matrix holds ${matrix.length} ids; ${this.#length} rows of ${maxLen} need ${this.#length * maxLen}`,
      );
    }
    const { map, ...rowOptions } = options ?? {};
    if (map !== undefined && !(map instanceof Int32Array)) {
      throw new TypeError('SequenceStore.padAllInto: map must be an Int32Array');
    }
    const resolved = resolveRowPadOptions(
      options === undefined ? undefined : rowOptions,
      'SequenceStore.padAllInto options',
    );
    let mapped = new Int32Array(map ? 1024 : 0);
    for (let position = 0; position < this.#length; position++) {
      let ids = this.#view(position);
      if (map) {
        if (mapped.length < ids.length) mapped = new Int32Array(ids.length * 2);
        ids = mapped.subarray(0, mapInto(ids, map, mapped));
      }
      const row = matrix.subarray(position * maxLen, (position + 1) * maxLen);
      writeRow(ids, row, resolved, 'SequenceStore.padAllInto');
    }
  }

  #view(position: number): Int32Array {
    const index = this.#index;
    const block = this.#blocks[index[3 * position] as number] as Int32Array;
    const start = index[3 * position + 1] as number;
    return block.subarray(start, start + (index[3 * position + 2] as number));
  }
}

/** Writes `map[id]` for each id into `out`, skipping negative results; returns how many. */
function mapInto(ids: Int32Array, map: Int32Array, out: Int32Array): number {
  let count = 0;
  for (let t = 0; t < ids.length; t++) {
    const id = map[ids[t] as number];
    if (id === undefined) {
      throw new RangeError(
        `SequenceStore.padAllInto: id ${ids[t]} has no entry in map (map.length ${map.length})`,
      );
    }
    if (id >= 0) out[count++] = id;
  }
  return count;
}
