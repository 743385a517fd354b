import type { CellDefinition } from '@srnn/cells';
import { LstmEncoder } from './lstm-encoder';
import { lstmOptionsSchema, type LstmOptions } from './options';

/** The LSTM cell: tanh activation, sigmoid gates, unit forget bias by default. */
export const lstmCell: CellDefinition<LstmOptions> = {
  name: 'lstm',
  description: 'Long short-term memory (Hochreiter and Schmidhuber 1997), Keras 2 layout',
  packageName: '@srnn/cell-lstm',
  optionsSchema: lstmOptionsSchema,
  createEncoder: (options) => new LstmEncoder(options),
};
