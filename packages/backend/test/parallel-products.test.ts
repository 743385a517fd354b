import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { registerKernelFixes } from '../src/node';
import {
  defaultThreads,
  readyProductWorkers,
  setProductThreads,
  startProductWorkers,
  stopProductWorkers,
} from '../src/kernels/parallel/product-workers';
import { NodeProductWorker } from '../src/kernels/parallel/node-product-worker';
import {
  MIN_SPLIT_FLOPS,
  PRODUCT_WORKER_WEIGHT,
  setMinSplitFlops,
  setProductWorkerWeight,
  rowShares,
  productWorkerShares,
} from '../src/kernels/parallel/split-products';
import { TRANSPOSED_INNER_CHUNK } from '../src/kernels/batch-mat-mul-wasm';
import { expectClose, float32Product, randomValues, runOn, seededRandom } from './helpers';

const random = seededRandom(7);

describe('rowShares', () => {
  it('splits a total into parts that add up, in multiples of the unit, the rest to the first', () => {
    expect(rowShares(10, 3)).toEqual([4, 3, 3]);
    expect(rowShares(16384, 2, 1024)).toEqual([8192, 8192]);
    expect(rowShares(5 * 1024 + 7, 2, 1024)).toEqual([3 * 1024 + 7, 2 * 1024]);
    for (const [total, parts, unit] of [
      [1000, 4, 1],
      [4097, 3, 64],
    ] as const) {
      const split = rowShares(total, parts, unit);
      expect(split.reduce((a, b) => a + b, 0)).toBe(total);
      split.slice(1).forEach((share) => expect(share % unit).toBe(0));
    }
  });
});

describe('SRNN_THREADS', () => {
  it('reads a positive whole number and names the variable when it is not one', () => {
    expect(defaultThreads({ SRNN_THREADS: '3' })).toBe(3);
    expect(defaultThreads({ SRNN_THREADS: '1' })).toBe(1);
    const fallback = defaultThreads({});
    expect(fallback).toBeGreaterThanOrEqual(1);
    expect(fallback).toBeLessThanOrEqual(4);
    expect(() => defaultThreads({ SRNN_THREADS: '0' })).toThrow(/SRNN_THREADS.*1 or more.*'0'/);
    expect(() => defaultThreads({ SRNN_THREADS: 'two' })).toThrow(/'two'/);
  });
});

describe('matrix products shared with worker threads (wasm)', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
    await tf.ready();
    registerKernelFixes('wasm');
    setProductThreads(3);
    // Share even these small products, so that every path runs here.
    setMinSplitFlops(0);
    expect(await startProductWorkers()).toBe(2);
  }, 120000);
  afterAll(async () => {
    setMinSplitFlops(MIN_SPLIT_FLOPS);
    setProductThreads(1);
    await stopProductWorkers();
  });

  const cases = [
    { name: 'A·B', m: 301, k: 70, n: 50, tA: false, tB: false, outer: [] as number[] },
    { name: 'A·Bᵀ', m: 257, k: 40, n: 33, tA: false, tB: true, outer: [] as number[] },
    { name: 'batched A·B (rows stacked)', m: 65, k: 30, n: 20, tA: false, tB: false, outer: [4] },
    {
      name: 'Aᵀ·B with a long inner dimension (chunked)',
      m: 24,
      k: 5 * TRANSPOSED_INNER_CHUNK + 13,
      n: 18,
      tA: true,
      tB: false,
      outer: [] as number[],
    },
  ];

  it.each(cases)('$name matches the cpu backend, with the workers taking shares', async (c) => {
    const aShape = [...c.outer, ...(c.tA ? [c.k, c.m] : [c.m, c.k])];
    const bShape = c.tB ? [c.n, c.k] : [c.k, c.n];
    const size = (shape: number[]) => shape.reduce((x, d) => x * d, 1);
    const a = randomValues(random, size(aShape));
    const b = randomValues(random, size(bShape));
    const compute = () => tf.matMul(tf.tensor(a, aShape), tf.tensor(b, bShape), c.tA, c.tB);
    const before = productWorkerShares().shares;
    const ours = await runOn('wasm', compute);
    expect(productWorkerShares().shares - before).toBe(2);
    if (c.tA) {
      // The workers summed their shares with the SIMD tiles on the shared memory, not through tfjs.
      expect(readyProductWorkers().map((w) => w.lastTransposedLeftUsedSimd)).toEqual([true, true]);
    }
    // Sums of up to 5,000 products: compare with a tolerance that grows with the inner size.
    expectClose(ours, await runOn('cpu', compute), 1e-5 * Math.sqrt(c.k) * 4);
    if (!c.tA) {
      // Every share ran the packed-product tiles: each row's sums in order, whoever computed it.
      const rows = size(aShape) / c.k;
      const expected = float32Product(a, b, rows, c.k, c.n, c.tB);
      expect(ours.values[0]!.filter((x, i) => x !== expected[i]).length).toBe(0);
    }
    await tf.setBackend('wasm');
  });

  it.each([0.5, 1, 2])(
    'gives every row the bits of the loop whatever share the workers get (weight %f)',
    async (weight) => {
      const [m, k, n] = [301, 70, 50];
      const a = randomValues(random, m * k);
      const b = randomValues(random, k * n);
      setProductWorkerWeight(weight);
      try {
        const ours = await runOn('wasm', () =>
          tf.matMul(tf.tensor(a, [m, k]), tf.tensor(b, [k, n])),
        );
        const expected = float32Product(a, b, m, k, n, false);
        expect(ours.values[0]!.filter((x, i) => x !== expected[i]).length).toBe(0);
      } finally {
        setProductWorkerWeight(PRODUCT_WORKER_WEIGHT);
      }
      await tf.setBackend('wasm');
    },
  );

  it('refuses a worker weight outside (0, 2]', () => {
    for (const weight of [0, -1, 2.5, Number.NaN]) {
      expect(() => setProductWorkerWeight(weight)).toThrow(
        `product worker weight must be a number in (0, 2], got ${weight}`,
      );
    }
  });

  it('frees every tensor it makes', () => {
    const a = tf.randomNormal([200, 64]);
    const b = tf.randomNormal([64, 32]);
    const before = tf.memory().numTensors;
    tf.matMul(a, b).dispose();
    tf.matMul(a, a, true, false).dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([a, b]);
  });
});

describe('a worker that cannot start', () => {
  it('reports why and is never used', async () => {
    const worker = new NodeProductWorker({
      core: '/no/such/tfjs-core.js',
      wasm: '/no/such/wasm.js',
    });
    const deadline = Date.now() + 30000;
    while (worker.failure === null && !worker.ready && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(worker.ready).toBe(false);
    expect(worker.failure).toMatch(/Cannot find module '\/no\/such\/tfjs-core\.js'/);
    await worker.terminate();
  });
});
