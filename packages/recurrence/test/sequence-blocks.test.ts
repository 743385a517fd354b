// The wasm recurrence runs its sequences in blocks (each block through every step before the
// next). Sequences are independent, so every output must have the very bits of one block holding
// them all: forwards and backwards, time-major or not, reversed, with every state's gradient, and
// blocks that do not divide the sequences. The cpu kernel (a plain-loop implementation) is the
// independent reference for the values.
import * as tf from '@tensorflow/tfjs';
import { compileCell } from '../src/cell-plan';
import { gruCell } from '../src/gru-cell';
import { runBackwardKernel, runForwardKernel } from '../src/recurrence-kernels';
import { RECURRENCE_BLOCK_SEQUENCES, setRecurrenceBlockSequences } from '../src/wasm-recurrence';
import { loadBackends, maxAbsDiff, seededUniform } from './helpers';

interface Case {
  sequences: number;
  steps: number;
  units: number;
  timeMajor: boolean;
  reverse: boolean;
  everyState: boolean;
}

const CASES: Case[] = [
  { sequences: 37, steps: 5, units: 7, timeMajor: false, reverse: false, everyState: false },
  { sequences: 29, steps: 4, units: 5, timeMajor: true, reverse: true, everyState: false },
  { sequences: 23, steps: 3, units: 6, timeMajor: false, reverse: true, everyState: true },
  { sequences: 31, steps: 1, units: 4, timeMajor: true, reverse: false, everyState: true },
];

const NAMES = ['last state', 'states', 'saved values', 'projection gradient', 'kernel gradient'];

/** The forward outputs and both gradients of one kernel pair on the active backend. */
function run(c: Case): number[][] {
  const { sequences: S, steps: T, units: U } = c;
  const cell = gruCell('tanh', 'sigmoid');
  compileCell(cell);
  const attrs = { cell: cell.key, timeMajor: c.timeMajor, reverse: c.reverse };
  const projection = seededUniform(c.timeMajor ? [T, S, 3 * U] : [S, T, 3 * U], S, 2);
  const kernel = seededUniform([U, 3 * U], S + 1, 0.5);
  const outputGradient = seededUniform(c.everyState ? [T, S, U] : [S, U], S + 2);
  const { lastState, states, saved } = runForwardKernel(
    projection as tf.Tensor3D,
    kernel as tf.Tensor2D,
    attrs,
  );
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
  const outputs = [lastState, ...states, saved, ...gradients];
  const values = outputs.map((t) => Array.from(t.dataSync()));
  tf.dispose([projection, kernel, outputGradient, ...outputs]);
  return values;
}

describe('the wasm recurrence in blocks of sequences', () => {
  beforeAll(loadBackends);
  afterAll(() => setRecurrenceBlockSequences(RECURRENCE_BLOCK_SEQUENCES));

  it.each(CASES)(
    '$sequences x $steps x $units (time-major $timeMajor, reverse $reverse, every state $everyState): the same bits in blocks of 1, 4 and 10',
    async (c) => {
      await tf.setBackend('cpu');
      const reference = run(c).map((values) => tf.tensor(values));
      await tf.setBackend('wasm');
      setRecurrenceBlockSequences(RECURRENCE_BLOCK_SEQUENCES);
      const whole = run(c);
      // One block holds them all, and it computes what the plain loops compute.
      expect(c.sequences).toBeLessThan(RECURRENCE_BLOCK_SEQUENCES);
      whole.forEach((values, i) => {
        const difference = maxAbsDiff(tf.tensor(values), reference[i]!);
        if (difference > 2e-5) throw new Error(`${NAMES[i]} differs by ${difference}`);
      });
      for (const block of [1, 4, 10]) {
        setRecurrenceBlockSequences(block);
        const blocked = run(c);
        blocked.forEach((values, i) => {
          const differing = values.filter((x, j) => !Object.is(x, whole[i]![j])).length;
          if (differing > 0) {
            throw new Error(`blocks of ${block}: ${differing} values of the ${NAMES[i]} differ`);
          }
        });
      }
      tf.dispose(reference);
    },
  );

  it('refuses a block that is not a whole number of sequences', () => {
    expect(() => setRecurrenceBlockSequences(0)).toThrow(
      'sequences per block must be a whole number, 1 or more; got 0',
    );
    expect(() => setRecurrenceBlockSequences(2.5)).toThrow(/got 2.5/);
  });
});
