// The SIMD product tiles with relaxed SIMD's multiply-add: turned on here through the V8 flag Node.js
// 20 keeps it behind (and off again after, so that other test files in this process see the
// runtime as it was). Each tile's sums must be, bit for bit, a float32 loop over the terms in
// order with the machine's multiply-add (fused or not, as the probe finds), on this thread and in
// the product workers alike; 'separate' and SRNN_MULTIPLY_ADD turn it off.
import { setFlagsFromString } from 'node:v8';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { webAssembly } from '@srnn/wasm-assembler';
import {
  registerKernelFixes,
  selectBackend,
  setProductThreads,
  startProductWorkers,
  stopProductWorkers,
} from '../src/node';
import {
  enableRelaxedSimd,
  MULTIPLY_ADD_ENV_VAR,
  relaxedMultiplyAdd,
  relaxedMultiplyAddFuses,
  relaxedSimdAvailable,
  setMultiplyAdd,
} from '../src/kernels/multiply-add';
import { MIN_SPLIT_FLOPS, productWorkerShares, setMinSplitFlops } from '../src/testing';
import { packedProductSimdFor, packPanels } from '../src/products';
import { transposedLeftSimdFor } from '../src/kernels/transposed-left';
import { float32Product, multiplyAddFloat32, randomValues, seededRandom } from './helpers';

const random = seededRandom(31);
const float32Values = (length: number): number[] =>
  Array.from(Float32Array.from(randomValues(random, length)));
const differing = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let count = 0;
  for (let i = 0; i < a.length; i += 1) if (!Object.is(a[i], b[i])) count += 1;
  return count;
};

test('the reference multiply-add, by hand: (1 + 2⁻¹²)² - 1 fused and rounded twice', () => {
  const x = 1 + 2 ** -12;
  expect(multiplyAddFloat32(x, x, -1, true)).toBe(2 ** -11 + 2 ** -24);
  expect(multiplyAddFloat32(x, x, -1, false)).toBe(2 ** -11);
  // An exact float sum is left as it is either way.
  expect(multiplyAddFloat32(1.5, 2, 0.25, true)).toBe(3.25);
});

test('the mode: validated', () => {
  expect(() => setMultiplyAdd('fused' as never)).toThrow(
    "setMultiplyAdd: expected 'auto' or 'separate', got 'fused'",
  );
});

describe('with relaxed SIMD turned on', () => {
  let fused: boolean;
  beforeAll(async () => {
    // What the command-line programs do at start (the Node entry sets the V8 flag).
    expect(relaxedSimdAvailable()).toBe(false);
    expect(enableRelaxedSimd()).toBe(true);
    expect(relaxedSimdAvailable()).toBe(true);
    fused = relaxedMultiplyAddFuses()!;
    expect(typeof fused).toBe('boolean');
    setMultiplyAdd('auto');
    const choice = await selectBackend({ backend: 'wasm', threads: 3, log: () => undefined });
    expect(choice.summary).toContain('SIMD, relaxed multiply-add');
    registerKernelFixes('wasm');
  }, 120000);
  afterAll(async () => {
    setMultiplyAdd('auto');
    setMinSplitFlops(MIN_SPLIT_FLOPS);
    setProductThreads(1);
    await stopProductWorkers();
    setFlagsFromString('--no-experimental-wasm-relaxed-simd');
  });

  test('SRNN_MULTIPLY_ADD: read at the first use, validated, and "separate" turns it off', async () => {
    // A fresh copy of the module reads the variable.
    const fresh = async () => {
      let loaded: typeof import('../src/kernels/multiply-add') | undefined;
      await jest.isolateModulesAsync(async () => {
        loaded = await import('../src/kernels/multiply-add');
      });
      return loaded!;
    };
    try {
      process.env[MULTIPLY_ADD_ENV_VAR] = 'sometimes';
      const invalid = await fresh();
      expect(() => invalid.relaxedMultiplyAdd()).toThrow(
        "SRNN_MULTIPLY_ADD: expected 'auto' or 'separate', got 'sometimes'",
      );
      process.env[MULTIPLY_ADD_ENV_VAR] = 'separate';
      expect((await fresh()).relaxedMultiplyAdd()).toBe(false);
      delete process.env[MULTIPLY_ADD_ENV_VAR];
      expect((await fresh()).relaxedMultiplyAdd()).toBe(true);
    } finally {
      delete process.env[MULTIPLY_ADD_ENV_VAR];
    }
  });

  test('the packed-product tiles: the float32 loop with the machine multiply-add, and "separate" without it', () => {
    const api = webAssembly!;
    const [rows, k, n] = [37, 41, 150];
    const a = float32Values(rows * k);
    const b = float32Values(k * n);
    const run = () => {
      const memory = new api.Memory({ initial: 4 });
      const floats = new Float32Array(memory.buffer);
      floats.set(a, 0);
      packPanels(floats, rows * k, Float32Array.from(b), 0, k, n);
      const out = rows * k + k * n;
      packedProductSimdFor(memory)!.multiply(4 * out, 4 * n, 0, 4 * k, 4 * rows * k, rows, k, n);
      return floats.slice(out, out + rows * n);
    };
    expect(relaxedMultiplyAdd()).toBe(true);
    expect(differing(run(), float32Product(a, b, rows, k, n, false, fused))).toBe(0);
    setMultiplyAdd('separate');
    expect(differing(run(), float32Product(a, b, rows, k, n, false, false))).toBe(0);
    setMultiplyAdd('auto');
  });

  test('the Aᵀ·B tiles: into += each row’s term in row order, with the machine multiply-add', () => {
    const api = webAssembly!;
    const [rows, m, n] = [300, 9, 13];
    const a = float32Values(rows * m);
    const b = float32Values(rows * n);
    const initial = float32Values(m * n);
    const memory = new api.Memory({ initial: 4 });
    const floats = new Float32Array(memory.buffer);
    floats.set(a, 0);
    floats.set(b, rows * m);
    const into = rows * (m + n);
    floats.set(initial, into);
    transposedLeftSimdFor(memory)!.addProduct(4 * into, 0, 4 * rows * m, rows, m, n);
    const expected = Float32Array.from(initial);
    for (let i = 0; i < m; i += 1) {
      for (let c = 0; c < n; c += 1) {
        let sum = expected[i * n + c]!;
        for (let r = 0; r < rows; r += 1) {
          sum = multiplyAddFloat32(a[r * m + i]!, b[r * n + c]!, sum, fused);
        }
        expected[i * n + c] = sum;
      }
    }
    expect(differing(floats.subarray(into, into + m * n), expected)).toBe(0);
  });

  test('matMul shared with the product workers: every row the loop’s bits, whoever computed it', async () => {
    setMinSplitFlops(0);
    expect(await startProductWorkers()).toBe(2);
    const [rows, k, n] = [301, 70, 50];
    const a = float32Values(rows * k);
    const b = float32Values(k * n);
    const before = productWorkerShares().shares;
    const plain = tf.tidy(() => tf.matMul(tf.tensor2d(a, [rows, k]), tf.tensor2d(b, [k, n])));
    expect(productWorkerShares().shares - before).toBe(2);
    expect(differing(plain.dataSync(), float32Product(a, b, rows, k, n, false, fused))).toBe(0);
    plain.dispose();
  });
});
