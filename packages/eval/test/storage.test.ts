import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { snapshotSource, writeTensorFile } from '../src/tensor-file';
import {
  decodeSnapshots,
  liveModelWeights,
  snapshotModelWeights,
  type TensorSnapshot,
} from '../src/weight-snapshot';
import { temporaryDirectory, tinyModel, useCpuBackend } from './helpers';

describe('tensor files', () => {
  const snapshots: TensorSnapshot[] = [
    {
      name: 'w',
      shape: [2, 2],
      dtype: 'float32',
      values: new Float32Array([1.5, -2, 3.25, 1e-8]),
    },
    { name: 'iter', shape: [], dtype: 'int32', values: new Int32Array([7]) },
    { name: 'b', shape: [3], dtype: 'float32', values: new Float32Array([0.1, 0.2, 0.3]) },
  ];

  /** The format written out by hand: every value as 4 little-endian bytes, tensor after tensor. */
  function littleEndian(list: readonly TensorSnapshot[]): Uint8Array {
    const total = list.reduce((sum, s) => sum + s.values.length, 0);
    const view = new DataView(new ArrayBuffer(total * 4));
    let at = 0;
    for (const s of list) {
      for (const v of s.values) {
        if (s.dtype === 'int32') view.setInt32(at, v, true);
        else view.setFloat32(at, v, true);
        at += 4;
      }
    }
    return new Uint8Array(view.buffer);
  }

  it('writes tensors back to back, little-endian, and reads them back exactly', async () => {
    const dir = await temporaryDirectory();
    try {
      const path = join(dir.path, 'state.bin');
      const entries = await writeTensorFile(path, snapshots.map(snapshotSource));
      expect(entries.map((e) => e.byteOffset)).toEqual([0, 16, 20]);
      const bytes = new Uint8Array(await readFile(path));
      expect(bytes).toEqual(littleEndian(snapshots));
      // Decode from an unaligned copy, as a file buffer may be.
      const shifted = new Uint8Array(bytes.length + 1);
      shifted.set(bytes, 1);
      expect(decodeSnapshots(entries, shifted.subarray(1), 'state.bin')).toEqual(snapshots);
      expect(() => decodeSnapshots(entries, bytes.subarray(0, 10), 'state-3.bin')).toThrow(
        /state-3\.bin is truncated: 'w' needs bytes up to 16, file has 10/,
      );
    } finally {
      await dir.cleanup();
    }
  });

  it('writes live tensors as their snapshots, byte for byte', async () => {
    await useCpuBackend();
    const dir = await temporaryDirectory();
    const model = tinyModel({ vocab: 12, classes: 3, seed: 4 });
    try {
      await writeTensorFile(join(dir.path, 'live.bin'), liveModelWeights(model));
      const copied = await snapshotModelWeights(model);
      const live = new Uint8Array(await readFile(join(dir.path, 'live.bin')));
      expect(live).toEqual(littleEndian(copied));
    } finally {
      model.dispose();
      await dir.cleanup();
    }
  });

  it('refuses values that do not fill the shape, leaving no file behind', async () => {
    const dir = await temporaryDirectory();
    try {
      const path = join(dir.path, 'bad.bin');
      const wrong = { ...snapshots[0]!, shape: [3, 2] };
      await expect(writeTensorFile(path, [snapshotSource(wrong)])).rejects.toThrow(
        "bad.bin: 'w' has shape [3, 2] (6 values) but 4 values",
      );
      expect(await readdir(dir.path)).toEqual([]);
    } finally {
      await dir.cleanup();
    }
  });
});
