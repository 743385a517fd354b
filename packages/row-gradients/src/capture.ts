import * as tf from '@tensorflow/tfjs';
import { checkIds, combineRows, type RowContribution, type RowGradient } from './combine';

/** One capture: the tables whose lookups give rows, the anchor, and the rows given so far. */
interface Capture {
  readonly tables: ReadonlySet<tf.Tensor>;
  readonly anchor: tf.Variable;
  readonly contributions: Map<tf.Tensor, RowContribution[]>;
}

// The capture running now, on globalThis under a shared symbol so that an ESM and a CommonJS copy
// of this package (a bundle may hold both) see the same one.
const ACTIVE_KEY = Symbol.for('@srnn/row-gradients/active-capture');
type Holder = Record<symbol, Capture | undefined>;

function activeCapture(): Capture | undefined {
  return (globalThis as unknown as Holder)[ACTIVE_KEY];
}

function setActiveCapture(capture: Capture | undefined): void {
  (globalThis as unknown as Holder)[ACTIVE_KEY] = capture;
}

/**
 * The rows `ids` of `table` (`[ids.length, width]`), as `tf.gather(table, ids)`. Its gradient
 * reaches `table` as tf.gather's does (a dense `[rows, width]` tensor), except while
 * {@link captureRowGradients} runs for `table`: then the table gets no gradient from this lookup
 * and the capture receives the gradient of the looked-up rows instead, with `ids`, so that a
 * training step can update the table without ever making its dense gradient (mostly zeros).
 */
export function gatherRows(table: tf.Tensor, ids: Int32Array): tf.Tensor2D {
  if (table.rank !== 2) {
    throw new Error(
      `gatherRows: the table must be 2-D [rows, width], got shape [${table.shape.join(', ')}]`,
    );
  }
  // Refused here, before any backend reads past the table (not every backend checks).
  checkIds(ids, table.shape[0]!);
  const capture = activeCapture();
  if (capture === undefined || !capture.tables.has(table) || !tf.engine().isTapeOn()) {
    return tf.tidy(() => tf.gather(table, tf.tensor1d(ids, 'int32')) as tf.Tensor2D);
  }
  // A custom op whose only input is the anchor: the tape sees a path from the anchor (a variable
  // the gradient is asked for) to the loss through the rows, and none from the table, so it calls
  // this op's gradient and makes no dense gradient for the table.
  const lookUp = tf.customGrad(((anchor: tf.Tensor) => ({
    value: tf.gather(table, tf.tensor1d(ids, 'int32')) as tf.Tensor2D,
    gradFunc: (dy: tf.Tensor | tf.Tensor[]) => {
      const rows = Array.isArray(dy) ? dy[0]! : dy;
      // A clone (the same data) kept past the gradient pass, which disposes what it made.
      const kept = tf.keep(rows.clone()) as tf.Tensor2D;
      let given = capture.contributions.get(table);
      if (given === undefined) {
        given = [];
        capture.contributions.set(table, given);
      }
      // A copy: the caller's array may be reused once the lookup has returned.
      given.push({ ids: ids.slice(), values: kept });
      return tf.zerosLike(anchor);
    },
  })) as unknown as Parameters<typeof tf.customGrad>[0]);
  return lookUp(capture.anchor) as tf.Tensor2D;
}

/** What {@link captureRowGradients} returns. */
export interface RowCapture<T> {
  /** What `run` returned. */
  readonly result: T;
  /** Each table whose lookups gave rows, with its gradient as rows (see {@link RowGradient}). */
  readonly rows: ReadonlyMap<tf.Tensor, RowGradient>;
  /** The anchor `run` was given: drop its gradient (zero) from what `run` computed. */
  readonly anchor: tf.Variable;
  /** Disposes the rows' tensors and the anchor. */
  dispose(): void;
}

/**
 * Runs `run` (which computes gradients, e.g. `optimizer.computeGradients(loss, [...variables,
 * anchor])`) with the lookups of `tables` made by {@link gatherRows} giving their gradients as
 * rows. `run` must ask for the gradient of `anchor` too: that is how the tape reaches the lookups.
 * A table looked up nowhere through gatherRows is not in
 * `rows` and gets its gradient as usual. Captures do not nest.
 */
export function captureRowGradients<T>(
  tables: readonly tf.Tensor[],
  run: (anchor: tf.Variable) => T,
): RowCapture<T> {
  if (activeCapture() !== undefined) {
    throw new Error('captureRowGradients: a capture is running already; captures do not nest');
  }
  const zero = tf.scalar(0);
  const anchor = tf.variable(zero, true);
  zero.dispose();
  const capture: Capture = {
    tables: new Set(tables),
    anchor,
    contributions: new Map(),
  };
  const release = (): void => {
    for (const given of capture.contributions.values()) tf.dispose(given.map((c) => c.values));
  };
  let result: T;
  setActiveCapture(capture);
  try {
    result = run(anchor);
  } catch (error) {
    release();
    anchor.dispose();
    throw error;
  } finally {
    setActiveCapture(undefined);
  }
  const rows = new Map<tf.Tensor, RowGradient>();
  try {
    for (const [table, given] of capture.contributions) {
      rows.set(table, combineRows(given, table.shape[0]!));
    }
  } catch (error) {
    release();
    anchor.dispose();
    throw error;
  }
  return {
    result,
    rows,
    anchor,
    dispose() {
      // combineRows may hand back a contribution's own tensor: dispose each tensor once.
      const tensors = new Set<tf.Tensor>([...rows.values()].map((r) => r.values));
      for (const given of capture.contributions.values())
        for (const c of given) tensors.add(c.values);
      tf.dispose([...tensors]);
      anchor.dispose();
    },
  };
}
