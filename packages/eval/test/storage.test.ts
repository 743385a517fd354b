import { decodeSnapshots, encodeSnapshots, type TensorSnapshot } from '../src/weight-snapshot';

describe('weight snapshot encoding', () => {
  it('round-trips float32 and int32 tensors exactly', () => {
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
    const { entries, bytes } = encodeSnapshots(snapshots);
    expect(entries.map((e) => e.byteOffset)).toEqual([0, 16, 20]);
    expect(bytes.length).toBe(32);
    // Decode from an unaligned copy, as a file buffer may be.
    const shifted = new Uint8Array(bytes.length + 1);
    shifted.set(bytes, 1);
    const decoded = decodeSnapshots(entries, shifted.subarray(1), 'state.bin');
    expect(decoded).toEqual(snapshots);
  });

  it('names the file and tensor when the data is truncated', () => {
    const { entries, bytes } = encodeSnapshots([
      { name: 'kernel', shape: [4], dtype: 'float32', values: new Float32Array(4) },
    ]);
    expect(() => decodeSnapshots(entries, bytes.subarray(0, 10), 'state-3.bin')).toThrow(
      /state-3\.bin is truncated: 'kernel' needs bytes up to 16, file has 10/,
    );
  });
});
