import * as tf from '@tensorflow/tfjs';
import { CausalConvStack } from '@srnn/model';

describe('CausalConvStack', () => {
  it('equals tf.layers.conv1d (dilated, causal by front padding) layer by layer, last step', () => {
    const [batch, steps, channels, filters, depth] = [2, 8, 3, 4, 3];
    const x = tf.randomNormal([batch, steps, channels], 0, 1, 'float32', 1);
    const stack = new CausalConvStack({ depth, filters, seed: 2 });
    stack.apply(x);
    // Random non-zero biases so the bias layout is checked too.
    stack.setWeights(
      stack.getWeights().map((w, i) => tf.randomNormal(w.shape, 0, 0.5, 'float32', 10 + i)),
    );
    const ours = stack.apply(x) as tf.Tensor;

    // Reference: pad d zero steps in front, then a 'valid' dilated conv1d with the same kernel.
    let reference: tf.Tensor = x;
    const weights = stack.getWeights();
    for (let layer = 0; layer < depth; layer += 1) {
      const dilation = 2 ** layer;
      const conv = tf.layers.conv1d({
        filters,
        kernelSize: 2,
        dilationRate: dilation,
        activation: 'relu',
      });
      const padded = tf.pad(reference, [
        [0, 0],
        [dilation, 0],
        [0, 0],
      ]);
      conv.apply(padded);
      conv.setWeights([weights[2 * layer]!, weights[2 * layer + 1]!]);
      reference = conv.apply(padded) as tf.Tensor;
    }
    const last = tf.reshape(tf.slice(reference, [0, steps - 1, 0], [batch, 1, filters]), [
      batch,
      filters,
    ]);
    expect(ours.shape).toEqual([batch, filters]);
    expect(tf.max(tf.abs(tf.sub(ours, last))).dataSync()[0]).toBeLessThan(1e-5);
  });

  it('rejects a non-positive depth, naming it', () => {
    expect(() => new CausalConvStack({ depth: 0, filters: 2 })).toThrow(
      /depth must be an integer >= 1, got 0/,
    );
  });
});
