import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import {
  createEncoder,
  encoderOptionsSchema,
  getCell,
  listCells,
  registerCell,
  type CellDefinition,
  type EncoderOptions,
} from '@srnn/cells';

// A minimal cell for the registry tests: a built-in tfjs SimpleRNN.
const simpleSchema = encoderOptionsSchema.extend({
  activation: z.enum(['tanh', 'relu']).default('tanh'),
});
const simpleCell: CellDefinition<z.output<typeof simpleSchema>> = {
  name: 'simple-test',
  description: 'SimpleRNN for registry tests',
  optionsSchema: simpleSchema,
  createEncoder: ({ units, name, seed, activation }) =>
    tf.layers.simpleRNN({
      units,
      name,
      activation,
      kernelInitializer: tf.initializers.glorotUniform({ seed }),
    }),
};

describe('cell registry', () => {
  beforeAll(() => registerCell(simpleCell));

  it('lists and returns registered cells', () => {
    expect(listCells()).toContain('simple-test');
    expect(getCell('simple-test')).toBe(simpleCell);
  });

  it('names the registered cells when asked for an unknown one', () => {
    expect(() => getCell('qrnn')).toThrow(/Unknown cell 'qrnn'.*'simple-test'/);
  });

  it('accepts the same definition twice but not a different one under a taken name', () => {
    expect(() => registerCell(simpleCell)).not.toThrow();
    const impostor: CellDefinition<EncoderOptions> = {
      ...simpleCell,
      description: 'something else',
      optionsSchema: encoderOptionsSchema,
    };
    expect(() => registerCell(impostor)).toThrow(/already registered/);
  });

  it('rejects names that are not lower-case identifiers', () => {
    expect(() => registerCell({ ...simpleCell, name: 'My Cell' })).toThrow(
      /invalid cell name 'My Cell'/,
    );
  });

  it('validates options at the boundary, naming the field and allowed values', () => {
    expect(() => createEncoder('simple-test', { units: 2, activation: 'gelu' })).toThrow(
      /cell 'simple-test'.*activation.*"tanh"\|"relu"/,
    );
    expect(() => createEncoder('simple-test', { units: -1 })).toThrow(/units/);
    const encoder = createEncoder('simple-test', { units: 2 });
    const output = encoder.apply(tf.ones([3, 4, 5])) as tf.Tensor;
    expect(output.shape).toEqual([3, 2]);
  });
});
