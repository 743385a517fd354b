import * as tf from '@tensorflow/tfjs';
import { createEncoder, getCell } from '@srnn/cells';
import { lstmCell } from '@srnn/cell-lstm';

describe('@srnn/cell-lstm', () => {
  it('registers the lstm cell on import', () => {
    expect(getCell('lstm')).toBe(lstmCell);
  });

  it('starts with the forget-gate bias at 1 and an orthogonal recurrent kernel', () => {
    const encoder = createEncoder('lstm', { units: 2, seed: 1 });
    encoder.apply(tf.ones([1, 2, 3]));
    const [, recurrent, bias] = encoder.getWeights();
    expect(Array.from(bias!.dataSync())).toEqual([0, 0, 1, 1, 0, 0, 0, 0]);
    const gram = tf.matMul(recurrent!, recurrent!, false, true).arraySync() as number[][];
    gram.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(i === j ? 1 : 0, 5)));
  });

  it('rejects a bad option, naming it', () => {
    expect(() => createEncoder('lstm', { units: 2, unitForgetBias: 'yes' })).toThrow(
      /unitForgetBias/,
    );
  });

  it('has the fused LSTM kernel for its default activations, and the per-step path for others', () => {
    const fused = createEncoder('lstm', { units: 2, seed: 1 });
    const other = createEncoder('lstm', { units: 2, seed: 1, activation: 'relu' });
    expect(tf.getBackend()).toBe('cpu');
    expect(fused.fusedKernel({ direction: 'backward', states: 'every' })).toBe('lstm-fused');
    expect(other.fusedKernel()).toBeUndefined();
  });
});
