// On wasm the fused kernel writes a step over the value and moments when their variables hold
// them alone (a training step's case): the same memory under a new tensor id, with tf.train.adam's
// bits; and fresh memory whenever anything else shares the data.
import * as tf from '@tensorflow/tfjs';
import { heapOffset, wasmInternals } from '@srnn/backend/internals';
import { fusedAdam } from '../src';
import { randomArray, seededRandom, useBackend } from './helpers';

beforeAll(() => useBackend('wasm'));

/** Where a tensor's data sits on the wasm heap. */
const place = (t: tf.Tensor): number => heapOffset(wasmInternals(tf.backend()), t);

/** A variable whose data it alone holds (the tensor it was made from is gone). */
const variableOf = (values: Float32Array): tf.Variable =>
  tf.tidy(() => tf.variable(tf.tensor2d(values, [4, 50])));

it("writes each step over the variable's own memory, under a new id, with tf.train.adam's bits", async () => {
  const random = seededRandom(3);
  const initial = randomArray(random, 200);
  const ours = variableOf(initial);
  const theirs = variableOf(initial);
  const fused = fusedAdam(0.01, 0.9, 0.999, 1e-8);
  const stock = tf.train.adam(0.01, 0.9, 0.999, 1e-8);
  for (let step = 0; step < 4; step += 1) {
    const gradient = tf.tensor2d(randomArray(random, 200), [4, 50]);
    const before = { at: place(ours), id: ours.dataId };
    fused.applyGradients({ [ours.name]: gradient });
    stock.applyGradients([{ name: theirs.name, tensor: gradient }]);
    gradient.dispose();
    expect(place(ours)).toBe(before.at);
    // A new id: whatever recorded the old data (a lookup, a cache of packed weights) sees a change.
    expect(ours.dataId).not.toBe(before.id);
    expect(Array.from(ours.dataSync())).toEqual(Array.from(theirs.dataSync()));
  }
  const moments = (await fused.getWeights()).slice(1);
  const stockMoments = (await stock.getWeights()).slice(1);
  expect(moments).toHaveLength(2);
  moments.forEach((m, i) =>
    expect(Array.from(m.tensor.dataSync())).toEqual(Array.from(stockMoments[i]!.tensor.dataSync())),
  );
  tf.dispose([ours, theirs]);
  fused.dispose();
  stock.dispose();
});

it('leaves data that something else shares as it was, and writes the step to fresh memory', () => {
  const random = seededRandom(4);
  const initial = randomArray(random, 200);
  const variable = variableOf(initial);
  const fused = fusedAdam(0.01, 0.9, 0.999, 1e-8);
  const shared = tf.reshape(variable, [200]);
  expect(place(shared)).toBe(place(variable));
  const at = place(variable);
  const gradient = tf.tensor2d(randomArray(random, 200), [4, 50]);
  fused.applyGradients({ [variable.name]: gradient });
  expect(place(variable)).not.toBe(at);
  expect(Array.from(shared.dataSync())).toEqual(Array.from(initial));
  expect(Array.from(variable.dataSync())).not.toEqual(Array.from(initial));
  tf.dispose([variable, shared, gradient]);
  fused.dispose();
});

it('frees what each step replaces: tensors, buffers and bytes stay flat', () => {
  const random = seededRandom(5);
  const variable = variableOf(randomArray(random, 200));
  const fused = fusedAdam(0.01, 0.9, 0.999, 1e-8);
  const gradient = tf.tensor2d(randomArray(random, 200), [4, 50]);
  fused.applyGradients({ [variable.name]: gradient });
  const after = () => {
    const { numTensors, numDataBuffers, numBytes } = tf.memory();
    return { numTensors, numDataBuffers, numBytes };
  };
  const first = after();
  for (let step = 0; step < 5; step += 1) fused.applyGradients({ [variable.name]: gradient });
  expect(after()).toEqual(first);
  tf.dispose([variable, gradient]);
  fused.dispose();
});
