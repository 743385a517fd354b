// The packed-product tiles (OUT = A · B with B packed in column panels): the panel layout by hand,
// the tile plan covering every output exactly once, the tiles in a memory of their own against a
// float32 loop over the terms in order, and the wasm backend's matMul (plain, transposed right
// operand, batched left operand) running them with those very bits.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { webAssembly } from '@srnn/wasm-assembler';
import { registerKernelFixes } from '../src';
import {
  PACKED_LAYOUT,
  packedProductModuleBytes,
  packedProductSimdFor,
  packPanels,
  panelWidths,
  planPackedProduct,
} from '../src/products';
import { float32Product, randomValues, seededRandom } from './helpers';

const random = seededRandom(29);
/** Values as float32 holds them, so that the loop below multiplies what the tiles multiply. */
const float32Values = (length: number): number[] =>
  Array.from(Float32Array.from(randomValues(random, length)));
const api = webAssembly as NonNullable<typeof webAssembly>;

describe('panels', () => {
  test('8-column panels, then one each of 4, 2 and 1 for the rest', () => {
    expect(panelWidths(1)).toEqual([1]);
    expect(panelWidths(7)).toEqual([4, 2, 1]);
    expect(panelWidths(8)).toEqual([8]);
    expect(panelWidths(13)).toEqual([8, 4, 1]);
    expect(panelWidths(50)).toEqual([8, 8, 8, 8, 8, 8, 2]);
    expect(panelWidths(150)).toEqual([...Array<number>(18).fill(8), 4, 2]);
  });

  test('packing lays out each panel row by row, from B or from its transpose', () => {
    // B = [[1 2 3 4 5], [6 7 8 9 10]]: one 4-column panel, then one 1-column panel.
    const b = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    const expected = [-1, 1, 2, 3, 4, 6, 7, 8, 9, 5, 10, -1];
    const packed = new Float32Array(12).fill(-1);
    packPanels(packed, 1, Float32Array.from([0, 0, ...b]), 2, 2, 5);
    expect(Array.from(packed)).toEqual(expected);
    // Bᵀ = [[1 6], [2 7], [3 8], [4 9], [5 10]] packs to the same panels.
    const fromTranspose = new Float32Array(12).fill(-1);
    packPanels(fromTranspose, 1, Float32Array.from([1, 6, 2, 7, 3, 8, 4, 9, 5, 10]), 0, 2, 5, true);
    expect(Array.from(fromTranspose)).toEqual(expected);
  });
});

test('the tile plan covers every output exactly once, at any size', () => {
  for (const rows of [1, 2, 3, 5, 8, 13, 256]) {
    for (const cols of [1, 3, 7, 8, 15, 50, 150]) {
      const hits = new Array<number>(rows * cols).fill(0);
      for (const call of planPackedProduct(rows, 11, cols, PACKED_LAYOUT)) {
        const height = PACKED_LAYOUT.tileRows[call.rowsIndex]!;
        const width = PACKED_LAYOUT.panelWidths[call.widthIndex]!;
        // The panel a call starts at is the one that holds its first column.
        expect(call.panelBytes).toBe(4 * 11 * call.column);
        for (let r = 0; r < call.blocks * height; r += 1) {
          for (let c = 0; c < call.panels * width; c += 1) {
            hits[(call.row + r) * cols + call.column + c]! += 1;
          }
        }
      }
      expect(hits.every((h) => h === 1)).toBe(true);
    }
  }
});

describe('the tiles in a memory of their own', () => {
  const memory = new api.Memory({ initial: 64 }); // 4 MiB
  const simd = packedProductSimdFor(memory);

  test('assemble for plain and shared memories and instantiate once per memory', () => {
    expect(api.validate(packedProductModuleBytes())).toBe(true);
    expect(api.validate(packedProductModuleBytes(true))).toBe(true);
    expect(simd).not.toBeNull();
    expect(packedProductSimdFor(memory)).toBe(simd);
  });

  /** Runs the tiles with A, the packed B and OUT placed one after the other, a guard after OUT. */
  function multiply(a: number[], b: number[], rows: number, k: number, n: number) {
    const floats = new Float32Array(memory.buffer);
    const [aAt, bAt] = [4, 4 + rows * k];
    const outAt = bAt + k * n;
    floats.set(a, aAt);
    packPanels(floats, bAt, Float32Array.from(b), 0, k, n);
    floats[outAt + rows * n] = 1234.5;
    simd!.multiply(4 * outAt, 4 * n, 4 * aAt, 4 * k, 4 * bAt, rows, k, n);
    expect(floats[outAt + rows * n]).toBe(1234.5);
    return Array.from(floats.subarray(outAt, outAt + rows * n));
  }

  test('a hand-worked product', () => {
    // [[1 2], [3 4]] · [[5 6 7], [8 9 10]] = [[21 24 27], [47 54 61]]
    expect(multiply([1, 2, 3, 4], [5, 6, 7, 8, 9, 10], 2, 2, 3)).toEqual([21, 24, 27, 47, 54, 61]);
  });

  // Every tile height and panel width at the edges, and more rows than one pass of the driver.
  const shapes = [
    { rows: 1, k: 1, n: 1 },
    { rows: 3, k: 2, n: 7 },
    { rows: 7, k: 50, n: 15 },
    { rows: 6, k: 17, n: 150 },
    { rows: PACKED_LAYOUT.rowsPerPass * 2 + 7, k: 40, n: 150 },
  ];
  test.each(shapes)(
    'OUT[$rows, $n] = A[$rows, $k] · B, bit for bit the float32 loop',
    ({ rows, k, n }) => {
      const a = float32Values(rows * k);
      const b = float32Values(k * n);
      const expected = float32Product(a, b, rows, k, n);
      // Counted, not compared as arrays: a failing diff of 80,000 numbers takes minutes to print.
      const differing = multiply(a, b, rows, k, n).filter((x, i) => x !== expected[i]).length;
      expect(differing).toBe(0);
    },
  );
});

describe("the wasm backend's matMul", () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
    await tf.ready();
    registerKernelFixes('wasm');
  });

  test('runs the tiles for A·B, A·Bᵀ and a batched A: the float32 loop, bit for bit', () => {
    const [rows, k, n] = [37, 23, 19];
    const a = float32Values(rows * k);
    const b = float32Values(k * n);
    const expected = Array.from(float32Product(a, b, rows, k, n));
    const bT = tf.tidy(() => tf.transpose(tf.tensor2d(b, [k, n])).dataSync());
    const plain = tf.tidy(() => tf.matMul(tf.tensor2d(a, [rows, k]), tf.tensor2d(b, [k, n])));
    const transposed = tf.tidy(() =>
      tf.matMul(tf.tensor2d(a, [rows, k]), tf.tensor2d(bT, [n, k]), false, true),
    );
    // A's 37 rows as a batch of one row each against the same B: rows stacked into one product.
    const batched = tf.tidy(() => tf.matMul(tf.tensor3d(a, [rows, 1, k]), tf.tensor2d(b, [k, n])));
    expect(batched.shape).toEqual([rows, 1, n]);
    for (const result of [plain, transposed, batched]) {
      expect(Array.from(result.dataSync())).toEqual(expected);
    }
    tf.dispose([plain, transposed, batched]);
  });

  test('frees its packed operand', () => {
    const a = tf.randomNormal([300, 40]);
    const b = tf.randomNormal([30, 40]);
    const before = tf.memory();
    tf.matMul(a, b, false, true).dispose();
    expect(tf.memory().numTensors).toBe(before.numTensors);
    expect(tf.memory().numBytes).toBe(before.numBytes);
    tf.dispose([a, b]);
  });
});
