// The README's example builds a model, and @srnn/model depends on this package, so the example is
// mirrored in packages/model/test/readme-cell-lstm.test.ts. Here: the registration it relies on.
import * as tf from '@tensorflow/tfjs';
import { createEncoder } from '@srnn/cells';
import '@srnn/cell-lstm';

describe('README example', () => {
  it('registers lstm on import so models can name it', () => {
    const encoder = createEncoder('lstm', { units: 6, seed: 1 });
    const lastStates = encoder.apply(tf.zeros([3, 4, 8])) as tf.Tensor;
    expect(lastStates.shape).toEqual([3, 6]);
  });
});
