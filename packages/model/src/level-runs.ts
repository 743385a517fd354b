/**
 * Which sequences of an SRNN level run, and which state each sequence takes. Sequences with equal
 * inputs have equal states, so one of them runs and the others take its state: at level 0 those
 * with equal token ids (the features are a lookup of the ids), at a higher level those whose
 * children took equal states. With padding skipped, a sequence without a real token (all ids 0,
 * or all children zero) does not run and takes a zero state. This is what makes front padding
 * cheap in the paper's computation: every all-padding subsequence of a batch is one run.
 */

/** The plan of one level. */
export interface LevelRuns {
  /** The sequences that run, in order of first appearance. */
  run: Int32Array;
  /** For each sequence: 0 for a zero state, else 1 + the index in `run` of the state it takes. */
  slot: Int32Array;
  /** Every sequence runs and takes its own state (nothing to gather or scatter). */
  everyRuns: boolean;
}

export interface PlanOptions {
  /** Sequences whose values are all 0 take a zero state instead of running (skipping padding). */
  skipEmpty: boolean;
  /** Equal sequences share one run; false when their inputs may differ after all (dropout). */
  mergeEqual: boolean;
}

function rowHash(values: Int32Array, start: number, width: number): number {
  // FNV-1a over the row's values, then a final mix so that the low bits depend on every value.
  let hash = 0x811c9dc5;
  for (let i = start; i < start + width; i += 1) hash = Math.imul(hash ^ values[i]!, 0x01000193);
  hash ^= hash >>> 15;
  return Math.imul(hash, 0x2c1b3c6d) ^ (hash >>> 12);
}

function isEmpty(values: Int32Array, start: number, width: number): boolean {
  for (let i = start; i < start + width; i += 1) if (values[i] !== 0) return false;
  return true;
}

function equalRows(values: Int32Array, a: number, b: number, width: number): boolean {
  for (let i = 0; i < width; i += 1) if (values[a + i] !== values[b + i]) return false;
  return true;
}

/**
 * Plans a level whose sequences are the rows of `values` (`width` values each: a level-0
 * sequence's token ids, or a higher sequence's children's slots at the level below).
 */
export function planRuns(values: Int32Array, width: number, options: PlanOptions): LevelRuns {
  if (!Number.isInteger(width) || width < 1 || values.length % width !== 0) {
    throw new Error(`planRuns: ${values.length} values do not form rows of ${width}`);
  }
  const count = values.length / width;
  const slot = new Int32Array(count);
  const run = new Int32Array(count);
  let runs = 0;
  // Open addressing: each cell holds 1 + a run index (0 = free), at least twice as many cells as rows.
  const cells = options.mergeEqual
    ? new Int32Array(2 ** Math.ceil(Math.log2(2 * count + 2)))
    : null;
  const mask = cells === null ? 0 : cells.length - 1;
  for (let row = 0; row < count; row += 1) {
    const start = row * width;
    if (options.skipEmpty && isEmpty(values, start, width)) continue;
    if (cells === null) {
      run[runs] = row;
      runs += 1;
      slot[row] = runs;
      continue;
    }
    let cell = rowHash(values, start, width) & mask;
    for (;;) {
      const held = cells[cell]!;
      if (held === 0) {
        run[runs] = row;
        runs += 1;
        cells[cell] = runs;
        slot[row] = runs;
        break;
      }
      if (equalRows(values, run[held - 1]! * width, start, width)) {
        slot[row] = held;
        break;
      }
      cell = (cell + 1) & mask;
    }
  }
  return { run: run.subarray(0, runs), slot, everyRuns: runs === count };
}
