// The GRU as a description of the gated-cell framework gives exactly the bits the GRU-only
// kernels gave (hashes captured from them in fixtures/gru-bits.json): last state and gradients,
// on cpu, wasm, and wasm shared with two worker threads, and on the tfjs-ops path.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setProductThreads, startProductWorkers, stopProductWorkers } from '@srnn/backend';
import { gruSequenceLastState } from '../src';
import {
  MIN_SHARED_RECURRENCE_FLOPS,
  RECURRENCE_WORKER_WEIGHT,
  setMinSharedRecurrenceFlops,
  setRecurrenceWorkerWeight,
} from '../src/sequence-shares';
import { BIT_CASES, bitsOf, gruPass } from './fixtures/gru-bit-cases';
import { loadBackends } from './helpers';

const expected = JSON.parse(
  readFileSync(join(__dirname, 'fixtures', 'gru-bits.json'), 'utf8'),
) as Record<string, string[]>;

beforeAll(loadBackends, 60000);
afterAll(async () => {
  setMinSharedRecurrenceFlops(MIN_SHARED_RECURRENCE_FLOPS);
  setRecurrenceWorkerWeight(RECURRENCE_WORKER_WEIGHT);
  await stopProductWorkers();
});

describe.each(['cpu', 'wasm', 'wasm-shared'])('on %s', (backend) => {
  beforeAll(async () => {
    await tf.setBackend(backend === 'cpu' ? 'cpu' : 'wasm');
    if (backend === 'wasm-shared') {
      setProductThreads(3);
      setMinSharedRecurrenceFlops(0);
      // The even split the GRU-only kernels' hashes were captured with: where the shares end
      // decides the order in which the kernel gradient's parts are added.
      setRecurrenceWorkerWeight(1);
      expect(await startProductWorkers()).toBe(2);
    }
  }, 120000);

  test.each(BIT_CASES)('$label: the same bits as before', (c) => {
    const tensors = gruPass(c, gruSequenceLastState);
    expect(tensors.map(bitsOf)).toEqual(expected[`${backend} ${c.label}`]);
    tf.dispose(tensors);
  });
});
