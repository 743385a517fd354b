// Tasks other packages hand to the worker threads: a function of a CommonJS module file, run
// with the worker's tfjs and the shared floats; a failing task retires its worker.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import '../src/node';
import {
  setLoadReader,
  silenceLimitMs,
  WORKER_SILENCE_LIMIT_MS,
} from '../src/kernels/parallel/node-product-worker';
import {
  readyProductWorkers,
  setProductThreads,
  startProductWorkers,
  stopProductWorkers,
} from '../src/kernels/parallel/product-workers';

// These tests work at the base silence limit whatever the machine's load (its scaling is tested
// on its own below or in worker-tasks.test.ts).
beforeAll(() => setLoadReader(() => 0));
afterAll(() => setLoadReader(undefined));

const TASKS = `
exports.scale = ({ tf, floats, params }) => {
  for (let i = 0; i < params.count; i += 1) floats[i] = floats[i] * params.factor;
  // Which backend the task saw, and a product through the worker's own tfjs.
  floats[params.count] = tf.getBackend() === 'wasm' ? 1 : 0;
  floats[params.count + 1] = tf.matMul(tf.tensor2d([[1, 2]]), tf.tensor2d([[3], [4]])).dataSync()[0];
};
exports.slowFill = ({ floats, params }) => {
  const end = Date.now() + params.ms;
  while (Date.now() < end);
  floats.fill(-1, 0, params.count);
};
exports.slowWithProgress = ({ floats, params, progress }) => {
  const end = Date.now() + params.ms;
  while (Date.now() < end) {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
    progress();
  }
  floats[0] = 7;
};
exports.spin = () => {
  for (;;);
};
exports.broken = () => {
  throw new Error('the task broke on purpose');
};
`;

describe('worker tasks', () => {
  let folder: string;
  let module: string;

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'srnn-worker-tasks-'));
    module = join(folder, 'tasks.cjs');
    writeFileSync(module, TASKS);
    setProductThreads(2);
    expect(await startProductWorkers()).toBe(1);
  }, 120000);

  afterAll(async () => {
    await stopProductWorkers();
    rmSync(folder, { recursive: true, force: true });
  });

  it('runs an exported function of a module file on the shared floats, with the worker tfjs', () => {
    const [worker] = readyProductWorkers();
    const floats = worker!.floats(6);
    floats.set([1, -2, 3.5, 0]);
    worker!.startTask({ module, exportName: 'scale', params: { count: 4, factor: 3 } });
    worker!.finish();
    expect(Array.from(floats.subarray(0, 6))).toEqual([3, -6, 10.5, 0, 1, 11]);
    // The module is loaded once and the worker stays in service.
    worker!.startTask({ module, exportName: 'scale', params: { count: 1, factor: 0.5 } });
    worker!.finish();
    expect(floats[0]).toBe(1.5);
    expect(readyProductWorkers().includes(worker!)).toBe(true);
  });

  it('waits out a job nobody finished (its caller threw) before the next one uses the floats', () => {
    const [worker] = readyProductWorkers();
    worker!.floats(6);
    // Started and abandoned: it overwrites the floats when it ends, 200 ms from now.
    worker!.startTask({ module, exportName: 'slowFill', params: { ms: 200, count: 6 } });
    const floats = worker!.floats(6);
    floats.set([1, -2, 3.5, 0]);
    worker!.startTask({ module, exportName: 'scale', params: { count: 4, factor: 3 } });
    worker!.finish();
    expect(Array.from(floats.subarray(0, 6))).toEqual([3, -6, 10.5, 0, 1, 11]);
    expect(readyProductWorkers().includes(worker!)).toBe(true);
  });

  it('waits for a task that takes long but shows progress', () => {
    const [worker] = readyProductWorkers();
    const floats = worker!.floats(1);
    floats[0] = 0;
    worker!.startTask({
      module,
      exportName: 'slowWithProgress',
      params: { ms: 2 * WORKER_SILENCE_LIMIT_MS },
    });
    worker!.finish();
    expect(floats[0]).toBe(7);
    expect(worker!.failure).toBeNull();
  }, 30000);

  it('fails the job, naming the cause, when the export is not a function', () => {
    const [worker] = readyProductWorkers();
    worker!.startTask({ module, exportName: 'missing', params: {} });
    expect(() => worker!.finish()).toThrow(/exports no function missing/);
    expect(readyProductWorkers().includes(worker!)).toBe(false);
    // A retired worker is given no further job: finishing one says why at once.
    worker!.startTask({ module, exportName: 'scale', params: { count: 1, factor: 2 } });
    expect(() => worker!.finish()).toThrow(/exports no function missing/);
  });

  it('retires a worker whose task stops showing progress, without waiting for it', async () => {
    await stopProductWorkers();
    expect(await startProductWorkers()).toBe(1);
    const [worker] = readyProductWorkers();
    worker!.startTask({ module, exportName: 'spin', params: {} });
    expect(() => worker!.finish()).toThrow(/hung: it showed no progress for 1\.5 s/);
    expect(readyProductWorkers().includes(worker!)).toBe(false);
  }, 60000);

  it('retires a worker whose task throws', async () => {
    await stopProductWorkers();
    expect(await startProductWorkers()).toBe(1);
    const [worker] = readyProductWorkers();
    worker!.startTask({ module, exportName: 'broken', params: {} });
    expect(() => worker!.finish()).toThrow(/the task broke on purpose/);
    expect(readyProductWorkers()).toEqual([]);
  }, 120000);
});

describe('the silence limit follows the load', () => {
  it('is the base limit up to one runnable thread per core, and scales with the threads per core', () => {
    expect(silenceLimitMs(0, 2)).toBe(WORKER_SILENCE_LIMIT_MS);
    expect(silenceLimitMs(2, 2)).toBe(WORKER_SILENCE_LIMIT_MS);
    expect(silenceLimitMs(30, 2)).toBe(15 * WORKER_SILENCE_LIMIT_MS);
    expect(silenceLimitMs(3, 0)).toBe(3 * WORKER_SILENCE_LIMIT_MS);
  });
});
