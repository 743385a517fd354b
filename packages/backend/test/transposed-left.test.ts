// The SIMD tiles for into += Aᵀ·B against plain loops, in a WebAssembly memory of their own: every
// tile shape and edge (m and n around the 4 × 8 tile), the 128-row blocks, rows 0, and operands
// that are not 16-byte aligned.
import { TRANSPOSED_LEFT_BLOCK_ROWS, transposedLeftSimdFor } from '../src/kernels/transposed-left';
import { transposedLeftModuleBytes } from '../src/kernels/transposed-left-module';
import { webAssembly } from '@srnn/wasm-assembler';
import { randomValues, seededRandom } from './helpers';

const random = seededRandom(11);
const api = webAssembly as NonNullable<typeof webAssembly>;
const memory = new api.Memory({ initial: 160 }); // 10 MiB
const simd = transposedLeftSimdFor(memory);

/** Bump allocation in `memory`, 16-byte aligned plus `skew` bytes. */
function place(values: ArrayLike<number>, at: { next: number }, skew: number) {
  const start = Math.ceil(at.next / 16) * 16 + skew;
  at.next = start + values.length * 4;
  const view = new Float32Array(memory.buffer, start, values.length);
  view.set(values);
  return { start, view };
}

interface Case {
  rows: number;
  m: number;
  n: number;
  skew: number;
}

/** Runs the tiles on random A, B and a random starting `into`, guarded on both sides. */
function run({ rows, m, n, skew }: Case) {
  const at = { next: 0 };
  const a = place(randomValues(random, rows * m), at, skew);
  const b = place(randomValues(random, rows * n), at, skew);
  const before = place([1234.5], at, 0);
  const initial = randomValues(random, m * n);
  const into = place(initial, at, skew);
  const after = place([678.25], at, 0);
  simd!.addProduct(into.start, a.start, b.start, rows, m, n);
  expect(before.view[0]).toBe(1234.5);
  expect(after.view[0]).toBe(678.25);
  return { a: a.view, b: b.view, initial, into: Array.from(into.view) };
}

it('is a valid WebAssembly module on this runtime, and instantiates on a plain memory', () => {
  expect(api.validate(transposedLeftModuleBytes())).toBe(true);
  expect(api.validate(transposedLeftModuleBytes(true))).toBe(true);
  expect(simd).not.toBeNull();
  expect(transposedLeftSimdFor(memory)).toBe(simd);
});

const B = TRANSPOSED_LEFT_BLOCK_ROWS;
const cases: Case[] = [];
// Every combination of tile rows (4, 2, 1) and tile columns (8, 4, 2, 1) at the edges.
for (const m of [1, 2, 3, 4, 5, 7, 11]) {
  for (const n of [1, 2, 3, 4, 5, 8, 9, 15, 23]) cases.push({ rows: 9, m, n, skew: 0 });
}
cases.push(
  { rows: 0, m: 6, n: 10, skew: 0 },
  { rows: 1, m: 13, n: 17, skew: 4 },
  { rows: B - 1, m: 9, n: 21, skew: 0 },
  { rows: B, m: 8, n: 16, skew: 8 },
  { rows: B + 1, m: 10, n: 14, skew: 12 },
  { rows: B + 5, m: 200, n: 150, skew: 0 },
  { rows: 3 * B + 37, m: 45, n: 70, skew: 0 },
  { rows: 2000, m: 37, n: 29, skew: 4 },
);

describe.each(cases)('rows $rows, m $m, n $n, skew $skew', (c) => {
  it('adds the float32 products in row order, as a plain float32 loop does, bit for bit', () => {
    const { a, b, initial, into } = run(c);
    const expected = Float32Array.from(initial);
    for (let r = 0; r < c.rows; r++) {
      for (let i = 0; i < c.m; i++) {
        for (let j = 0; j < c.n; j++) {
          const term = Math.fround(a[r * c.m + i]! * b[r * c.n + j]!);
          expected[i * c.n + j] = Math.fround(expected[i * c.n + j]! + term);
        }
      }
    }
    expect(into).toEqual(Array.from(expected));
  });

  it('is within float32 rounding of the sums in double precision', () => {
    const { a, b, initial, into } = run(c);
    let worst = 0;
    for (let i = 0; i < c.m; i++) {
      for (let j = 0; j < c.n; j++) {
        let sum = initial[i * c.n + j]!;
        let magnitude = Math.abs(sum);
        for (let r = 0; r < c.rows; r++) {
          const term = a[r * c.m + i]! * b[r * c.n + j]!;
          sum += term;
          magnitude += Math.abs(term);
        }
        // Each of the rows + 1 float32 roundings is at most 2^-24 of the running sum's terms.
        worst = Math.max(worst, Math.abs(into[i * c.n + j]! - sum) / (magnitude * (c.rows + 1)));
      }
    }
    expect(worst).toBeLessThanOrEqual(2 ** -23);
  });
});
