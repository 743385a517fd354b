import * as tf from '@tensorflow/tfjs';
import {
  createEncoder,
  describeCells,
  encoderOptionsSchema,
  getCell,
  listCells,
  parseCellList,
  registerCell,
  type CellDefinition,
  type EncoderOptions,
} from '@srnn/cells';
import { mguCell } from './mgu-cell';

const simpleCell = { ...mguCell, name: 'simple-test', packageName: '@acme/simple' };

describe('cell registry', () => {
  beforeAll(() => registerCell(simpleCell));

  it('lists and returns registered cells', () => {
    expect(listCells()).toContain('simple-test');
    expect(getCell('simple-test')).toBe(simpleCell);
    expect(describeCells()).toContainEqual({
      name: 'simple-test',
      description: mguCell.description,
      packageName: '@acme/simple',
    });
  });

  it('names the registered cells when asked for an unknown one', () => {
    expect(() => getCell('qrnn')).toThrow(/Unknown cell 'qrnn'.*'simple-test'/);
  });

  it('reads a command-line choice: one cell or one per level', () => {
    expect(parseCellList('simple-test')).toEqual(['simple-test']);
    expect(parseCellList('simple-test, simple-test')).toEqual(['simple-test', 'simple-test']);
    expect(() => parseCellList('simple-test,qrnn')).toThrow(
      /Unknown cell 'qrnn' \(entry 2 of 'simple-test,qrnn'\)\. Registered cells: .*'simple-test'/,
    );
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
      /cell 'simple-test'.*activation.*"tanh"\|"linear"/,
    );
    expect(() => createEncoder('simple-test', { units: -1 })).toThrow(/units/);
    const encoder = createEncoder('simple-test', { units: 2 });
    const output = encoder.apply(tf.ones([3, 4, 5])) as tf.Tensor;
    expect(output.shape).toEqual([3, 2]);
  });
});
