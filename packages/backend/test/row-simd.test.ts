// The SIMD row loops against plain JavaScript loops, in a WebAssembly memory of their own: the same
// float32 additions in the same order, so the same bits, at every row length (the 64-byte and
// 16-byte steps and the single values left over).
import { rowSimdFor, type RowSimd } from '../src/kernels/row-simd';
import { rowSimdModuleBytes } from '../src/kernels/row-simd-module';
import { webAssembly } from '@srnn/wasm-assembler';
import { randomInts, randomValues, seededRandom } from './helpers';

const random = seededRandom(7);
const api = webAssembly as NonNullable<typeof webAssembly>;
const memory = new api.Memory({ initial: 64 }); // 4 MiB
const loops = rowSimdFor(memory) as RowSimd;

/** Bump allocation in `memory`, 16-byte aligned plus `skew` bytes, to try unaligned rows too. */
function place(values: ArrayLike<number>, kind: 'f32' | 'i32', at: { next: number }, skew = 0) {
  const start = Math.ceil(at.next / 16) * 16 + skew;
  at.next = start + values.length * 4;
  const view =
    kind === 'f32'
      ? new Float32Array(memory.buffer, start, values.length)
      : new Int32Array(memory.buffer, start, values.length);
  view.set(values);
  return { start, view };
}

it('is a valid WebAssembly module on this runtime, and instantiates on a plain memory', () => {
  expect(api.validate(rowSimdModuleBytes())).toBe(true);
  expect(api.validate(rowSimdModuleBytes(true))).toBe(true);
  expect(loops).not.toBeNull();
  expect(rowSimdFor(memory)).toBe(loops);
});

// Row lengths around the 4-value vector and the 16-value (64-byte) step.
const lengths = [1, 3, 4, 5, 15, 16, 17, 20, 37, 64, 150];

describe.each([0, 4])('with rows starting %i bytes past 16-byte alignment', (skew) => {
  it.each(lengths)('sumRowsF32 adds rows in order, bit for bit, for rows of %i', (inner) => {
    const rows = 9;
    const at = { next: 0 };
    const x = place(randomValues(random, rows * inner), 'f32', at, skew);
    const out = place(new Float32Array(inner), 'f32', at, skew);
    // Guard values just past the output must survive.
    const guard = place([12345, 678], 'f32', at);
    loops.sumRowsF32(x.start, rows, inner, out.start);
    const expected = new Float32Array(inner);
    for (let r = 0; r < rows; r++) {
      for (let k = 0; k < inner; k++) {
        expected[k] = Math.fround((expected[k] as number) + (x.view[r * inner + k] as number));
      }
    }
    expect(Array.from(out.view)).toEqual(Array.from(expected));
    expect(Array.from(guard.view)).toEqual([12345, 678]);
  });

  it.each(lengths)('scatterAdd adds rows into their segments for rows of %i', (inner) => {
    const count = 30;
    const segments = 7;
    for (const kind of ['f32', 'i32'] as const) {
      const at = { next: 0 };
      const values =
        kind === 'f32'
          ? randomValues(random, count * inner)
          : randomInts(random, count * inner, -1000, 1000);
      // Some ids negative and some too large: both skipped.
      const ids = randomInts(random, count, -2, segments + 2);
      const x = place(values, kind, at, skew);
      const idsAt = place(ids, 'i32', at, skew);
      const start = randomInts(random, segments * inner, -5, 5);
      const out = place(start, kind, at, skew);
      const guard = place([12345, 678], 'i32', at);
      const scatter = kind === 'f32' ? loops.scatterAddF32 : loops.scatterAddI32;
      scatter(x.start, idsAt.start, count, inner, out.start, segments);
      const expected = Float64Array.from(start);
      ids.forEach((id, i) => {
        if (id < 0 || id >= segments) return;
        for (let k = 0; k < inner; k++) {
          const sum = (expected[id * inner + k] as number) + (x.view[i * inner + k] as number);
          expected[id * inner + k] = kind === 'f32' ? Math.fround(sum) : sum;
        }
      });
      expect(Array.from(out.view)).toEqual(Array.from(expected));
      expect(Array.from(guard.view)).toEqual([12345, 678]);
    }
  });

  it.each([1, 3, 4, 37, 200])('gatherRows copies the rows named, for rows of %i', (inner) => {
    const at = { next: 0 };
    const tableRows = 11;
    const table = place(randomValues(random, tableRows * inner), 'f32', at, skew);
    const ids = [3, 0, 10, 3, 7, 7, 1];
    const idsAt = place(ids, 'i32', at, skew);
    const out = place(new Float32Array(ids.length * inner), 'f32', at, skew);
    const guard = place([12345, 678], 'f32', at);
    loops.gatherRows(table.start, idsAt.start, ids.length, inner * 4, out.start);
    const expected = ids.flatMap((id) =>
      Array.from(table.view.subarray(id * inner, (id + 1) * inner)),
    );
    expect(Array.from(out.view)).toEqual(expected);
    expect(Array.from(guard.view)).toEqual([12345, 678]);
  });
});

it('works in a shared memory too (the threaded wasm build has one)', () => {
  const shared = new api.Memory({ initial: 1, maximum: 16, shared: true });
  expect(shared.buffer).toBeInstanceOf(SharedArrayBuffer);
  const sharedLoops = rowSimdFor(shared) as RowSimd;
  expect(sharedLoops).not.toBeNull();
  expect(sharedLoops).not.toBe(loops);
  const view = new Float32Array(shared.buffer, 0, 8);
  view.set([1, 2, 3, 4, 10, 20, 30, 40]);
  sharedLoops.sumRowsF32(16, 1, 4, 0);
  expect(Array.from(view.subarray(0, 4))).toEqual([11, 22, 33, 44]);
});

it('does nothing for no rows or no ids', () => {
  const at = { next: 0 };
  const out = place([1, 2, 3, 4, 5], 'f32', at);
  const ids = place([0, 0], 'i32', at);
  loops.sumRowsF32(0, 0, 5, out.start);
  loops.scatterAddF32(0, ids.start, 0, 5, out.start, 1);
  loops.gatherRows(0, ids.start, 0, 20, out.start);
  expect(Array.from(out.view)).toEqual([1, 2, 3, 4, 5]);
});
