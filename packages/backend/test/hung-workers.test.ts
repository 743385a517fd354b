// A product worker that hangs (takes no job, or stops half-way) is told from one that is merely
// slow: the hung one's share runs on the calling thread with the very bits the worker would have
// given, the worker is retired and replaced; the slow one is waited for. (About 20 s: each fault
// costs the silence limit, a worker's restart and a slow share.)
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { registerKernelFixes } from '../src/node';
import {
  setProductThreads,
  startProductWorkers,
  stopProductWorkers,
} from '../src/kernels/parallel/product-workers';
import {
  setLoadReader,
  WORKER_SILENCE_LIMIT_MS,
} from '../src/kernels/parallel/node-product-worker';
import { MIN_SPLIT_FLOPS, setMinSplitFlops } from '../src/kernels/parallel/split-products';
import { TRANSPOSED_INNER_CHUNK } from '../src/kernels/batch-mat-mul-wasm';
import {
  injectWorkerFault,
  readyProductWorkers,
  shareCounts,
  type WorkerFault,
} from '../src/testing';
import { randomValues, seededRandom } from './helpers';

// These tests work at the base silence limit whatever the machine's load (its scaling is tested
// on its own below or in worker-tasks.test.ts).
beforeAll(() => setLoadReader(() => 0));
afterAll(() => setLoadReader(undefined));

const random = seededRandom(11);

interface Case {
  name: string;
  aShape: number[];
  bShape: number[];
  transposeA: boolean;
  /** The faults tried (each costs a silence limit and a worker's restart). */
  faults: { fault: WorkerFault; says: RegExp }[];
}

const HANG = { fault: { kind: 'hang' } as WorkerFault, says: /did not take its job within 1\.5 s/ };
const STALL = { fault: { kind: 'stall' } as WorkerFault, says: /showed no progress for 1\.5 s/ };

const CASES: Case[] = [
  // Worker shares of 1,500 rows: two blocks each between signs of progress.
  {
    name: 'A·B',
    aShape: [4500, 200],
    bShape: [200, 150],
    transposeA: false,
    faults: [HANG, STALL],
  },
  // Partial sums over the inner dimension: a share summed here must be added as the worker's is.
  {
    name: 'Aᵀ·B (inner dimension split)',
    aShape: [12 * TRANSPOSED_INNER_CHUNK + 13, 24],
    bShape: [12 * TRANSPOSED_INNER_CHUNK + 13, 18],
    transposeA: true,
    faults: [HANG],
  },
];

const operands = new Map(
  CASES.map((c) => [
    c.name,
    {
      a: randomValues(
        random,
        c.aShape.reduce((x, d) => x * d, 1),
      ),
      b: randomValues(
        random,
        c.bShape.reduce((x, d) => x * d, 1),
      ),
    },
  ]),
);

/** The product's floats (shared with whichever workers are ready). */
function multiply(c: Case): Float32Array {
  const { a, b } = operands.get(c.name)!;
  return tf
    .tidy(() => tf.matMul(tf.tensor(a, c.aShape), tf.tensor(b, c.bShape), c.transposeA, false))
    .dataSync() as Float32Array;
}

/** How many of the floats differ in any bit (sizes must match). */
function differingBits(actual: Float32Array, expected: Float32Array): number {
  expect(actual.length).toBe(expected.length);
  const [x, y] = [new Uint32Array(actual.buffer), new Uint32Array(expected.buffer)];
  let differing = 0;
  for (let i = 0; i < x.length; i += 1) if (x[i] !== y[i]) differing += 1;
  return differing;
}

/** The first worker, after `fault` was injected into it. */
function faultyWorker(fault: WorkerFault) {
  const [worker] = readyProductWorkers();
  expect(injectWorkerFault(worker!, fault)).toBe(true);
  return worker!;
}

/** Waits (letting the event loop run) until both workers are ready again, for up to 30 s. */
async function bothWorkersReady(): Promise<void> {
  for (let waited = 0; readyProductWorkers().length < 2; waited += 20) {
    if (waited > 30000) throw new Error('the workers did not come back within 30 s');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Change in the share counts while `run` runs. */
function countsDuring<T>(run: () => T): { result: T; byWorkers: number; afterFailure: number } {
  const before = shareCounts();
  const result = run();
  const after = shareCounts();
  return {
    result,
    byWorkers: after.byWorkers - before.byWorkers,
    afterFailure: after.afterFailure - before.afterFailure,
  };
}

describe('product workers that hang or are slow (wasm)', () => {
  let warn: jest.SpyInstance;

  beforeAll(async () => {
    await tf.setBackend('wasm');
    await tf.ready();
    registerKernelFixes('wasm');
    setProductThreads(3);
    setMinSplitFlops(0);
    expect(await startProductWorkers()).toBe(2);
    warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  }, 120000);

  afterAll(async () => {
    warn.mockRestore();
    setMinSplitFlops(MIN_SPLIT_FLOPS);
    setProductThreads(1);
    await stopProductWorkers();
  });

  describe.each(CASES)('$name', (c) => {
    let healthy: Float32Array;

    beforeAll(async () => {
      // A fresh pool for each case: a slot's worker is replaced only so many times.
      await stopProductWorkers();
      expect(await startProductWorkers()).toBe(2);
      const run = countsDuring(() => multiply(c));
      // Both workers took a share: the result every other run is compared with, bit for bit.
      expect(run.byWorkers).toBe(2);
      healthy = run.result;
    }, 60000);

    it.each(c.faults)(
      "a worker that shows the fault '$fault.kind': its share runs here, to the same bits, and the worker is replaced",
      async ({ fault, says }) => {
        await bothWorkersReady();
        const hung = faultyWorker(fault);
        const run = countsDuring(() => multiply(c));
        expect(run.afterFailure).toBe(1);
        expect(run.byWorkers).toBe(1);
        expect(hung.failure).toMatch(says);
        expect(differingBits(run.result, healthy)).toBe(0);
        // The hung worker gets no later job; a fresh one takes its place and its shares.
        expect(readyProductWorkers().includes(hung)).toBe(false);
        await bothWorkersReady();
        expect(readyProductWorkers().includes(hung)).toBe(false);
        const next = countsDuring(() => multiply(c));
        expect(next.byWorkers).toBe(2);
        expect(differingBits(next.result, healthy)).toBe(0);
      },
      60000,
    );

    it('a worker that is slow but shows progress is waited for, not abandoned', async () => {
      await bothWorkersReady();
      // Slower than the silence limit twice over, showing progress all along.
      const slow = faultyWorker({ kind: 'slow', ms: 2 * WORKER_SILENCE_LIMIT_MS });
      const run = countsDuring(() => multiply(c));
      expect(run.afterFailure).toBe(0);
      expect(run.byWorkers).toBe(2);
      expect(slow.failure).toBeNull();
      expect(readyProductWorkers().includes(slow)).toBe(true);
      expect(differingBits(run.result, healthy)).toBe(0);
    }, 60000);
  });

  it('says once that a share ran on the calling thread, naming the cause', () => {
    const said = warn.mock.calls.map((call) => String(call[0]));
    expect(said.filter((text) => /share ran on the calling thread/.test(text))).toHaveLength(1);
    expect(said.join('\n')).toMatch(/worker was retired \(Error: a product worker failed: hung/);
  });
});
