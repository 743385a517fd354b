import * as tf from '@tensorflow/tfjs';
import { liveTensor, type TensorSource } from './tensor-file';

/** One tensor's values copied out of TensorFlow.js. */
export interface TensorSnapshot {
  readonly name: string;
  readonly shape: number[];
  readonly dtype: 'float32' | 'int32';
  readonly values: Float32Array | Int32Array;
}

/** Where a tensor sits inside a binary file (byte offset and element count). */
export interface TensorEntry {
  readonly name: string;
  readonly shape: number[];
  readonly dtype: 'float32' | 'int32';
  readonly byteOffset: number;
  readonly length: number;
}

async function snapshotTensor(name: string, tensor: tf.Tensor): Promise<TensorSnapshot> {
  if (tensor.dtype !== 'float32' && tensor.dtype !== 'int32') {
    throw new Error(`cannot snapshot ${name}: dtype ${tensor.dtype} (only float32 and int32)`);
  }
  const values = (await tensor.data()).slice() as Float32Array | Int32Array;
  return { name, shape: [...tensor.shape], dtype: tensor.dtype, values };
}

/** Copies every weight of the model (trainable or not), in `model.weights` order. */
export async function snapshotModelWeights(model: tf.LayersModel): Promise<TensorSnapshot[]> {
  const values = model.getWeights(); // the variables themselves: not ours to dispose
  return Promise.all(
    values.map((tensor, i) => snapshotTensor(model.weights[i]!.originalName, tensor)),
  );
}

/** Every weight of the model as a live source, in `model.weights` order (read when written). */
export function liveModelWeights(model: tf.LayersModel): TensorSource[] {
  const values = model.getWeights(); // the variables themselves: not ours to dispose
  return values.map((tensor, i) => liveTensor(model.weights[i]!.originalName, tensor));
}

/** Writes a snapshot back into the model, checking that every shape matches. */
export function restoreModelWeights(
  model: tf.LayersModel,
  snapshot: readonly TensorSnapshot[],
): void {
  const weights = model.weights;
  if (weights.length !== snapshot.length) {
    throw new Error(
      `saved weights have ${snapshot.length} tensors but the model has ${weights.length}: is it the same architecture?`,
    );
  }
  snapshot.forEach((saved, i) => {
    const expected = weights[i]!.shape;
    if (expected.length !== saved.shape.length || expected.some((d, k) => d !== saved.shape[k])) {
      throw new Error(
        `saved weight ${i} '${saved.name}' has shape [${saved.shape.join(', ')}] but the model's '${weights[i]!.originalName}' has [${expected.join(', ')}]`,
      );
    }
  });
  const tensors = snapshot.map((saved) => tf.tensor(saved.values, saved.shape, saved.dtype));
  try {
    model.setWeights(tensors);
  } finally {
    tf.dispose(tensors);
  }
}

/**
 * An optimizer's state as live sources (iteration count first, then its slot variables, e.g.
 * Adam's m and v), read when written; call `dispose` once written.
 */
export async function liveOptimizerState(
  optimizer: tf.Optimizer,
): Promise<{ tensors: TensorSource[]; dispose: () => void }> {
  const named = await optimizer.getWeights();
  return {
    tensors: named.map((item) => liveTensor(item.name, item.tensor)),
    // Only the iteration scalar is a fresh tensor; the rest are the optimizer's own variables.
    dispose: () => named[0]?.tensor.dispose(),
  };
}

/** Loads state saved by {@link snapshotOptimizer} into a freshly built optimizer. */
export async function restoreOptimizer(
  optimizer: tf.Optimizer,
  snapshot: readonly TensorSnapshot[],
): Promise<void> {
  const named = snapshot.map((saved) => ({
    name: saved.name,
    tensor: tf.tensor(saved.values, saved.shape, saved.dtype),
  }));
  try {
    await optimizer.setWeights(named);
  } finally {
    tf.dispose(named.map((item) => item.tensor));
  }
}

/** Reads back tensors written by `writeTensorFile`; `file` names the source in error messages. */
export function decodeSnapshots(
  entries: readonly TensorEntry[],
  bytes: Uint8Array,
  file: string,
): TensorSnapshot[] {
  return entries.map((entry) => {
    const elements = entry.shape.reduce((product, d) => product * d, 1);
    if (elements !== entry.length) {
      throw new Error(
        `${file}: '${entry.name}' has shape [${entry.shape.join(', ')}] (${elements} values) but length ${entry.length}`,
      );
    }
    const end = entry.byteOffset + entry.length * 4;
    if (end > bytes.length) {
      throw new Error(
        `${file} is truncated: '${entry.name}' needs bytes up to ${end}, file has ${bytes.length}`,
      );
    }
    // Copy into a fresh, aligned buffer: the file buffer's offset need not be a multiple of 4.
    const copy = bytes.slice(entry.byteOffset, end);
    const values =
      entry.dtype === 'int32' ? new Int32Array(copy.buffer) : new Float32Array(copy.buffer);
    return { name: entry.name, shape: entry.shape, dtype: entry.dtype, values };
  });
}
