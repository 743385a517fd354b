// Mirrors the README's usage example, so that it stays true.
import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import {
  createEncoder,
  encoderOptionsSchema,
  listCells,
  registerCell,
  type CellDefinition,
} from '@srnn/cells';
import { cellConformanceChecks } from '@srnn/cells/testing';

const simpleRnnOptions = encoderOptionsSchema.extend({
  activation: z.enum(['tanh', 'relu']).default('tanh'),
});

const simpleRnnCell: CellDefinition<z.output<typeof simpleRnnOptions>> = {
  name: 'simple-rnn',
  description: 'Elman RNN (tfjs-layers SimpleRNN)',
  optionsSchema: simpleRnnOptions,
  createEncoder: ({ units, name, seed, activation }) =>
    tf.layers.simpleRNN({
      units,
      name,
      activation,
      kernelInitializer: tf.initializers.glorotUniform({ seed }),
      recurrentInitializer: tf.initializers.glorotUniform({
        seed: seed === undefined ? undefined : seed + 1,
      }),
    }),
};

describe('README example', () => {
  it('registers a cell and builds an encoder by name', () => {
    registerCell(simpleRnnCell);
    expect(listCells()).toContain('simple-rnn');
    const encoder = createEncoder('simple-rnn', { units: 4, seed: 1 });
    const lastStates = encoder.apply(tf.ones([6, 5, 3])) as tf.Tensor;
    expect(lastStates.shape).toEqual([6, 4]);
  });

  for (const check of cellConformanceChecks(simpleRnnCell, {
    units: 3,
    seed: 1,
    activation: 'tanh',
  })) {
    it(check.name, check.run);
  }
});
