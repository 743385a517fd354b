import * as tf from '@tensorflow/tfjs';

/**
 * Where the rows of an embedded tensor came from: row i (over all leading axes, in order) is
 * `table[ids[i]]`. Recorded by {@link lookUpRows} so that a recurrent cell's input projection can
 * project each distinct token once instead of once per occurrence ({@link projectRows}).
 */
export interface LookupRecord {
  /** The embedding table [vocabulary, features] (usually a trainable variable). */
  table: tf.Tensor2D;
  /** The token id of every row, in row order. */
  ids: Int32Array;
}

// Keyed by the tensor object: the record lives as long as the tensor, and nothing else holds it.
const records = new WeakMap<tf.Tensor, LookupRecord>();

// Backends whose tensors live in host memory, where reading the ids back costs a copy, not a sync.
const HOST_BACKENDS = new Set(['cpu', 'wasm', 'tensorflow']);

/**
 * `table[ids]`: the rows of `table` [vocabulary, features] for `ids` (int32, any shape), shaped
 * `[...ids.shape, features]`, like tf.gather. The result remembers its lookup (see
 * {@link lookupRecordOf}), which a later {@link projectRows} uses to skip repeated tokens.
 */
export function lookUpRows(table: tf.Tensor2D, ids: tf.Tensor): tf.Tensor {
  const flatIds = tf.tidy(() => tf.reshape(tf.cast(ids, 'int32'), [-1]));
  const rows = tf.tidy(() => tf.reshape(tf.gather(table, flatIds), [...ids.shape, table.shape[1]]));
  // On GPU backends reading the ids back would stall the pipeline; they get the plain lookup.
  if (HOST_BACKENDS.has(tf.getBackend())) {
    records.set(rows, { table, ids: Int32Array.from(flatIds.dataSync() as Int32Array) });
  }
  flatIds.dispose();
  return rows;
}

/**
 * The lookup `rows` came from, if it came from {@link lookUpRows} (directly or through
 * {@link reshapeRows}) and its table still exists; otherwise undefined.
 */
export function lookupRecordOf(rows: tf.Tensor): LookupRecord | undefined {
  const record = records.get(rows);
  if (record === undefined || record.table.isDisposed) return undefined;
  const features = record.table.shape[1];
  // A shape that no longer lists the rows in order (features last) cannot use the record.
  if (rows.shape[rows.rank - 1] !== features || rows.size !== record.ids.length * features)
    return undefined;
  return record;
}

/**
 * tf.reshape that keeps the lookup record when the last axis (the features) is unchanged, since
 * the rows are then the same rows in the same order.
 */
export function reshapeRows<R extends tf.Rank>(
  rows: tf.Tensor,
  shape: tf.ShapeMap[R],
): tf.Tensor<R> {
  const reshaped = tf.reshape<R>(rows, shape);
  const record = records.get(rows);
  if (record !== undefined && reshaped.shape[reshaped.rank - 1] === rows.shape[rows.rank - 1]) {
    records.set(reshaped, record);
  }
  return reshaped;
}
