// Mirrors the README's usage example, so that it stays true.
import * as tf from '@tensorflow/tfjs';
import { createEncoder } from '@srnn/cells';
import { GruEncoder } from '@srnn/cell-gru';

describe('README example', () => {
  it('builds a GRU encoder through the registry and directly', () => {
    const encoder = createEncoder('gru', { units: 8, seed: 42 });
    const lastStates = encoder.apply(tf.randomNormal([5, 10, 3])) as tf.Tensor;
    expect(lastStates.shape).toEqual([5, 8]);

    const tanhGru = new GruEncoder({
      units: 8,
      activation: 'tanh',
      recurrentActivation: 'hardSigmoid',
    });
    tanhGru.apply(tf.randomNormal([2, 4, 3]));
    expect(tanhGru.countParams()).toBe(3 * (3 * 8 + 8 * 8 + 8));
  });
});
