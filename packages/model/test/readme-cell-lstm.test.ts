// Mirrors the usage example of @srnn/cell-lstm's README (it needs @srnn/model).
import * as tf from '@tensorflow/tfjs';
import '@srnn/cell-lstm';
import { buildClassifier, type SlicedRNN } from '@srnn/model';

describe('@srnn/cell-lstm README example', () => {
  it('builds an SRNN with LSTM on level 0 and GRU above it', () => {
    const model = buildClassifier({
      vocabularySize: 100,
      embeddingDim: 8,
      maxLength: 16,
      classes: 2,
      units: 6,
      slicing: 'SRNN(4,1)',
      cell: ['lstm', 'gru'],
      seed: 1,
    });
    const probabilities = model.predict(tf.zeros([3, 16], 'int32')) as tf.Tensor;
    expect(probabilities.shape).toEqual([3, 2]);
    const srnn = model.getLayer('srnn') as SlicedRNN;
    expect(srnn.levelEncoders.map((e) => e.getClassName())).toEqual([
      'SrnnLstmEncoder',
      'SrnnGruEncoder',
    ]);
    model.dispose();
  });
});
