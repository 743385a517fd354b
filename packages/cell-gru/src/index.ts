import { registerCell } from '@srnn/cells';
import { gruCell } from './definition';

registerCell(gruCell);

export { gruCell } from './definition';
export { GruEncoder, type GruEncoderArgs } from './gru-encoder';
export { gruLastState, type GruActivations, type GruWeights } from './gru-recurrence';
export {
  gruActivations,
  gruOptionsSchema,
  type GruActivation,
  type GruOptions,
  type GruOptionsInput,
} from './options';
