import { mkdir, open, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { publishFile, temporaryPathFor } from '@srnn/files';
import type * as tf from '@tensorflow/tfjs';
import type { TensorEntry, TensorSnapshot } from './weight-snapshot';

/** A tensor to write: its values are read only when its turn comes. */
export interface TensorSource {
  readonly name: string;
  readonly shape: number[];
  readonly dtype: 'float32' | 'int32';
  /** The values, read at write time (a live tensor's, or a snapshot's). */
  values(): Promise<Float32Array | Int32Array> | Float32Array | Int32Array;
}

/**
 * A live tensor as a source: its values are read from the backend when written (no copy kept), so
 * writing a whole model holds at most one tensor's values at a time. The tensor must not change
 * before the write finishes (the training loop awaits it).
 */
export function liveTensor(name: string, tensor: tf.Tensor): TensorSource {
  const { dtype } = tensor;
  if (dtype !== 'float32' && dtype !== 'int32') {
    throw new Error(`cannot save ${name}: dtype ${dtype} (only float32 and int32)`);
  }
  return {
    name,
    shape: [...tensor.shape],
    dtype,
    values: async () => (await tensor.data()) as Float32Array | Int32Array,
  };
}

/** A snapshot (values already copied out) as a source. */
export function snapshotSource(snapshot: TensorSnapshot): TensorSource {
  return { ...snapshot, values: () => snapshot.values };
}

/**
 * Writes the tensors one after another into `path`, each tensor's values as 4-byte little-endian
 * numbers, back to back, in order, and returns the entries that locate them (read back with
 * `decodeSnapshots`). Only one tensor's values are in memory at a time. Atomic: the tensors go to
 * a temporary file in the same folder, which is flushed and renamed over `path` once complete
 * (`@srnn/files`' `publishFile`), and removed if anything fails.
 */
export async function writeTensorFile(
  path: string,
  tensors: readonly TensorSource[],
): Promise<TensorEntry[]> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = temporaryPathFor(path);
  const entries: TensorEntry[] = [];
  try {
    const handle = await open(temporary, 'w');
    try {
      let byteOffset = 0;
      for (const tensor of tensors) {
        const values = await tensor.values();
        const expected = tensor.shape.reduce((product, d) => product * d, 1);
        if (values.length !== expected) {
          throw new Error(
            `${path}: '${tensor.name}' has shape [${tensor.shape.join(', ')}] (${expected} values) but ${values.length} values`,
          );
        }
        const bytes = new Uint8Array(values.buffer, values.byteOffset, values.length * 4);
        for (let written = 0; written < bytes.length;) {
          const { bytesWritten } = await handle.write(bytes, written, bytes.length - written);
          written += bytesWritten;
        }
        entries.push({
          name: tensor.name,
          shape: [...tensor.shape],
          dtype: tensor.dtype,
          byteOffset,
          length: values.length,
        });
        byteOffset += bytes.length;
      }
    } finally {
      await handle.close();
    }
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  await publishFile(temporary, path);
  return entries;
}
