// No tensor and no wasm heap memory may outlive a forward or a forward + backward pass (the GRU's
// last state, and a cell's every state run backwards).
import * as tf from '@tensorflow/tfjs';
import { gatedRecurrence, gruSequenceLastState } from '../src';
import { minimalGatedUnit } from './examples/minimal-gated-unit';
import { loadBackends, seededUniform } from './helpers';

interface HeapBackend {
  numDataIds(): number;
  wasm?: { HEAPU8: Uint8Array };
}

function trainStep(
  projection: tf.Tensor3D,
  kernel: tf.Tensor2D,
  mguProjection: tf.Tensor3D,
  mguKernel: tf.Tensor2D,
): void {
  const grads = tf.grads((p, k) =>
    tf.sum(gruSequenceLastState(p as tf.Tensor3D, k as tf.Tensor2D, { activation: 'tanh' })),
  )([projection, kernel]);
  tf.dispose(grads);
  gruSequenceLastState(projection, kernel).dispose();
  // Every state (batch-major, so transposed after the kernel), backwards, with its gradient.
  const every = { returnSequences: true, reverse: true } as const;
  const mguGrads = tf.grads((p, k) =>
    tf.sum(gatedRecurrence(minimalGatedUnit, p as tf.Tensor3D, k as tf.Tensor2D, every)),
  )([mguProjection, mguKernel]);
  tf.dispose(mguGrads);
  gatedRecurrence(minimalGatedUnit, mguProjection, mguKernel, every).dispose();
}

beforeAll(loadBackends);

test.each(['cpu', 'wasm'])(
  'on %s, tensors and backend buffers are all released',
  async (backend) => {
    await tf.setBackend(backend);
    // Big enough that each leaked workspace (about 4 MB) would soon grow the wasm heap.
    const [S, T, U] = [64, 64, 32];
    const projection = seededUniform([S, T, 3 * U], 1) as tf.Tensor3D;
    const kernel = seededUniform([U, 3 * U], 2, 0.3) as tf.Tensor2D;
    const mguProjection = seededUniform([S, T, 2 * U], 3) as tf.Tensor3D;
    const mguKernel = seededUniform([U, 2 * U], 4, 0.3) as tf.Tensor2D;
    trainStep(projection, kernel, mguProjection, mguKernel);
    const b = tf.backend() as unknown as HeapBackend;
    const tensorsBefore = tf.memory().numTensors;
    const dataBefore = b.numDataIds();
    const heapBefore = b.wasm?.HEAPU8.length;
    // A leaked tensor shows after one step; a leaked workspace needs steps to grow the wasm heap
    // (and the cpu backend's plain loops take a second a step).
    const steps = backend === 'wasm' ? 20 : 3;
    for (let i = 0; i < steps; i += 1) trainStep(projection, kernel, mguProjection, mguKernel);
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    expect(b.numDataIds()).toBe(dataBefore);
    expect(b.wasm?.HEAPU8.length).toBe(heapBefore);
    tf.dispose([projection, kernel, mguProjection, mguKernel]);
  },
);
