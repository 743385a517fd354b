import type { CellDefinition } from '@srnn/cells';
import { GruEncoder } from './gru-encoder';
import { gruOptionsSchema, type GruOptions } from './options';

/** The GRU cell: paper defaults (linear activation, sigmoid gates). */
export const gruCell: CellDefinition<GruOptions> = {
  name: 'gru',
  description:
    'Gated recurrent unit (Cho et al. 2014), Keras 2 layout; linear activation and sigmoid gates by default',
  packageName: '@srnn/cell-gru',
  optionsSchema: gruOptionsSchema as unknown as CellDefinition<GruOptions>['optionsSchema'],
  createEncoder: (options) => new GruEncoder(options),
};
