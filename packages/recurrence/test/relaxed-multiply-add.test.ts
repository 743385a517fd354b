// The recurrence kernels with relaxed SIMD's multiply-add (turned on here through the V8 flag
// Node.js 20 keeps it behind, and off again after): the same values as the cpu kernel (a plain-loop
// implementation) within float32 rounding, and every sequence's results the same bits whether the
// sequences ran on this thread alone or were shared with the worker threads (which are told the
// mode with each share).
import { setFlagsFromString } from 'node:v8';
import * as tf from '@tensorflow/tfjs';
import { setProductThreads, startProductWorkers, stopProductWorkers } from '@srnn/backend';
import { relaxedMultiplyAdd, setMultiplyAdd } from '@srnn/backend/products';
import { compileCell } from '../src/cell-plan';
import { gruCell } from '../src/gru-cell';
import { runBackwardKernel, runForwardKernel } from '../src/recurrence-kernels';
import {
  MIN_SHARED_RECURRENCE_FLOPS,
  recurrenceWorkerShares,
  setMinSharedRecurrenceFlops,
} from '../src/sequence-shares';
import { loadBackends, maxAbsDiff, seededUniform } from './helpers';

const [S, T, U] = [200, 5, 7];
const NAMES = ['last state', 'states', 'saved values', 'projection gradient', 'kernel gradient'];

/** The forward outputs and both gradients of one kernel pair on the active backend. */
function run(): tf.Tensor[] {
  const cell = gruCell('tanh', 'sigmoid');
  compileCell(cell);
  const attrs = { cell: cell.key, timeMajor: false, reverse: false };
  const projection = seededUniform([S, T, 3 * U], 3, 2);
  const kernel = seededUniform([U, 3 * U], 4, 0.5);
  const gradient = seededUniform([S, U], 5);
  const { lastState, states, saved } = runForwardKernel(
    projection as tf.Tensor3D,
    kernel as tf.Tensor2D,
    attrs,
  );
  const gradients = runBackwardKernel(
    {
      lastStateGradient: gradient as tf.Tensor2D,
      states,
      saved,
      recurrentKernel: kernel as tf.Tensor2D,
    },
    attrs,
  );
  tf.dispose([projection, kernel, gradient]);
  return [lastState, ...states, saved, ...gradients];
}

describe('the wasm recurrence with the relaxed multiply-add', () => {
  beforeAll(async () => {
    setFlagsFromString('--experimental-wasm-relaxed-simd');
    await loadBackends();
    setProductThreads(3);
    await tf.setBackend('wasm');
    expect(await startProductWorkers()).toBe(2);
  }, 120000);
  afterAll(async () => {
    setMultiplyAdd('auto');
    setMinSharedRecurrenceFlops(MIN_SHARED_RECURRENCE_FLOPS);
    await stopProductWorkers();
    setProductThreads(1);
    setFlagsFromString('--no-experimental-wasm-relaxed-simd');
  });

  it('gives the cpu kernel’s values, and the same bits on one thread and shared', async () => {
    await tf.setBackend('cpu');
    const expected = run();
    await tf.setBackend('wasm');
    setMultiplyAdd('auto');
    expect(relaxedMultiplyAdd()).toBe(true);
    setMinSharedRecurrenceFlops(Infinity);
    const alone = run();
    setMinSharedRecurrenceFlops(0);
    const before = recurrenceWorkerShares();
    const shared = run();
    expect(recurrenceWorkerShares() - before).toBe(4);
    alone.forEach((tensor, i) => {
      const difference = maxAbsDiff(tensor, expected[i]!);
      if (difference > 2e-5) throw new Error(`${NAMES[i]} differs from cpu by ${difference}`);
      // The kernel gradient is a sum over every sequence, added up share by share when shared.
      if (NAMES[i] === 'kernel gradient') return;
      const bits = Array.from(shared[i]!.dataSync());
      const mismatched = Array.from(tensor.dataSync()).filter((x, j) => !Object.is(x, bits[j]));
      if (mismatched.length > 0) {
        throw new Error(
          `${NAMES[i]}: ${mismatched.length} values differ between one thread and shared`,
        );
      }
    });
    tf.dispose([...expected, ...alone, ...shared]);
  });
});
