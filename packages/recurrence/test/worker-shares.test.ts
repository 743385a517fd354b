// The wasm recurrence split by sequences between this thread and worker threads gives what the
// cpu kernel (an independent plain-loop implementation) gives for all sequences at once.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setProductThreads, startProductWorkers, stopProductWorkers } from '@srnn/backend';
import { injectWorkerFault, readyProductWorkers, shareCounts } from '@srnn/backend/testing';
import { compileCell } from '../src/cell-plan';
import { gruCell } from '../src/gru-cell';
import { runBackwardKernel, runForwardKernel } from '../src/recurrence-kernels';
import {
  MIN_SHARED_RECURRENCE_FLOPS,
  recurrenceWorkerShares,
  RECURRENCE_WORKER_WEIGHT,
  setMinSharedRecurrenceFlops,
  setRecurrenceWorkerWeight,
  useWorkerTasksModule,
} from '../src/sequence-shares';
import { loadBackends, maxAbsDiff, seededUniform } from './helpers';

interface Case {
  sequences: number;
  steps: number;
  units: number;
  timeMajor: boolean;
  activation: 'linear' | 'tanh';
  recurrentActivation: 'sigmoid' | 'hardSigmoid';
  /** Worker shares per kernel call: sequences / 64 - 1, at most the two workers. */
  workerShares: number;
  reverse?: boolean;
  /** The backward pass gets every state's gradient rather than the last state's. */
  everyState?: boolean;
}

const CASES: Case[] = [
  {
    sequences: 200,
    steps: 5,
    units: 7,
    timeMajor: false,
    activation: 'tanh',
    recurrentActivation: 'sigmoid',
    workerShares: 2,
  },
  {
    sequences: 131,
    steps: 4,
    units: 5,
    timeMajor: true,
    activation: 'tanh',
    recurrentActivation: 'hardSigmoid',
    workerShares: 1,
  },
  {
    sequences: 130,
    steps: 1,
    units: 3,
    timeMajor: false,
    activation: 'linear',
    recurrentActivation: 'sigmoid',
    workerShares: 1,
  },
  {
    sequences: 100,
    steps: 3,
    units: 4,
    timeMajor: false,
    activation: 'tanh',
    recurrentActivation: 'sigmoid',
    workerShares: 0,
  },
  {
    sequences: 150,
    steps: 4,
    units: 5,
    timeMajor: false,
    activation: 'tanh',
    recurrentActivation: 'sigmoid',
    workerShares: 1,
    reverse: true,
    everyState: true,
  },
  {
    sequences: 140,
    steps: 3,
    units: 6,
    timeMajor: true,
    activation: 'linear',
    recurrentActivation: 'hardSigmoid',
    workerShares: 1,
    reverse: true,
  },
];

/**
 * Forward outputs and both gradients of one kernel pair on the active backend; `between` runs
 * after the forward kernel.
 */
function run(c: Case, seed: number, between?: () => void): tf.Tensor[] {
  const { sequences: S, steps: T, units: U } = c;
  const cell = gruCell(c.activation, c.recurrentActivation);
  compileCell(cell);
  const attrs = { cell: cell.key, timeMajor: c.timeMajor, reverse: c.reverse ?? false };
  const projection = seededUniform(c.timeMajor ? [T, S, 3 * U] : [S, T, 3 * U], seed, 2);
  const kernel = seededUniform([U, 3 * U], seed + 1, 0.5);
  const outputGradient = seededUniform(c.everyState ? [T, S, U] : [S, U], seed + 2);
  const { lastState, states, saved } = runForwardKernel(
    projection as tf.Tensor3D,
    kernel as tf.Tensor2D,
    attrs,
  );
  between?.();
  const gradients = runBackwardKernel(
    {
      ...(c.everyState
        ? { sequenceGradient: outputGradient as tf.Tensor3D }
        : { lastStateGradient: outputGradient as tf.Tensor2D }),
      states,
      saved,
      recurrentKernel: kernel as tf.Tensor2D,
    },
    attrs,
  );
  tf.dispose([projection, kernel, outputGradient]);
  return [lastState, ...states, saved, ...gradients];
}

describe('GRU recurrences shared with worker threads (wasm)', () => {
  beforeAll(async () => {
    await loadBackends();
    setProductThreads(3);
    setMinSharedRecurrenceFlops(0);
    await tf.setBackend('wasm');
    expect(await startProductWorkers()).toBe(2);
  }, 120000);

  afterAll(async () => {
    setMinSharedRecurrenceFlops(MIN_SHARED_RECURRENCE_FLOPS);
    await stopProductWorkers();
  });

  it.each(CASES)(
    '$sequences sequences x $steps steps x $units units (time-major $timeMajor, reverse $reverse, every state $everyState): equal to the cpu kernel',
    async (c) => {
      await tf.setBackend('cpu');
      const expected = run(c, c.sequences);
      await tf.setBackend('wasm');
      const before = recurrenceWorkerShares();
      const shared = run(c, c.sequences);
      // Forward and backward each handed the expected shares out (0: too few sequences to split).
      expect(recurrenceWorkerShares() - before).toBe(2 * c.workerShares);
      const names = [
        'last state',
        'states',
        'saved values',
        'projection gradient',
        'kernel gradient',
      ];
      shared.forEach((tensor, i) => {
        const difference = maxAbsDiff(tensor, expected[i]!);
        if (difference > 2e-5) throw new Error(`${names[i]} differs by ${difference}`);
      });
      tf.dispose([...expected, ...shared]);
    },
  );

  it.each([0.5, 1.7])(
    'gives what the cpu kernel gives with shares uneven (worker weight %p)',
    async (weight) => {
      const c = CASES[0]!;
      await tf.setBackend('cpu');
      const expected = run(c, 17);
      await tf.setBackend('wasm');
      setRecurrenceWorkerWeight(weight);
      try {
        const before = recurrenceWorkerShares();
        const shared = run(c, 17);
        expect(recurrenceWorkerShares() - before).toBe(2 * c.workerShares);
        shared.forEach((tensor, i) => expect(maxAbsDiff(tensor, expected[i]!)).toBeLessThan(2e-5));
        tf.dispose([...expected, ...shared]);
      } finally {
        setRecurrenceWorkerWeight(RECURRENCE_WORKER_WEIGHT);
      }
    },
  );

  it('refuses a worker weight outside (0, 2]', () => {
    for (const weight of [0, -1, 2.5, Number.NaN])
      expect(() => setRecurrenceWorkerWeight(weight)).toThrow(
        /worker weight must be a number in \(0, 2\]/,
      );
  });

  it('gives the same bits on every run with the same threads', () => {
    const c = CASES[0]!;
    const first = run(c, 5);
    const second = run(c, 5);
    first.forEach((tensor, i) => expect(maxAbsDiff(tensor, second[i]!)).toBe(0));
    tf.dispose([...first, ...second]);
  });

  it('keeps small recurrences on this thread by default', () => {
    setMinSharedRecurrenceFlops(MIN_SHARED_RECURRENCE_FLOPS);
    const before = recurrenceWorkerShares();
    tf.dispose(run(CASES[0]!, 9));
    expect(recurrenceWorkerShares()).toBe(before);
    setMinSharedRecurrenceFlops(0);
  });

  it('runs a failed worker share on this thread, with the same result, and retires the worker', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'srnn-failing-tasks-'));
    const failing = join(folder, 'tasks.cjs');
    writeFileSync(failing, "exports.recurrenceForwardTask = () => { throw new Error('no'); };\n");
    try {
      const c = CASES[1]!;
      const expected = run(c, 11);
      useWorkerTasksModule(failing);
      const before = readyProductWorkers();
      const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
      const fallback = run(c, 11);
      // Said once, naming the cause, though two shares failed.
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0]![0])).toMatch(/ran on the calling thread.*no/);
      warn.mockRestore();
      // The forward share failed: its worker is retired, and the share ran here, to the same bits
      // (as did the backward share of that slot while its fresh worker started).
      expect(before).toHaveLength(2);
      expect(readyProductWorkers().includes(before[0]!)).toBe(false);
      expect(before[0]!.failure).toMatch(/no/);
      fallback.forEach((tensor, i) => expect(maxAbsDiff(tensor, expected[i]!)).toBe(0));
      tf.dispose([...expected, ...fallback]);
    } finally {
      useWorkerTasksModule(undefined);
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('runs the share of a worker that hangs here, to the same bits, forward and backward', async () => {
    await stopProductWorkers();
    expect(await startProductWorkers()).toBe(2);
    const c = CASES[0]!;
    const healthy = run(c, 13);
    const [first, second] = readyProductWorkers();
    const before = shareCounts();
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    // The first worker takes no job (forward); the second stops half-way through its backward
    // share, which adds a part of the recurrent kernel's gradient.
    injectWorkerFault(first!, { kind: 'hang' });
    const faulty = run(c, 13, () => injectWorkerFault(second!, { kind: 'stall' }));
    warn.mockRestore();
    expect(first!.failure).toMatch(/did not take its job/);
    expect(second!.failure).toMatch(/showed no progress/);
    expect(shareCounts().afterFailure - before.afterFailure).toBe(2);
    faulty.forEach((tensor, i) => expect(maxAbsDiff(tensor, healthy[i]!)).toBe(0));
    tf.dispose([...healthy, ...faulty]);
  }, 60000);
});
