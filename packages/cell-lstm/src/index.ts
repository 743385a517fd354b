import { registerCell } from '@srnn/cells';
import { lstmCell } from './definition';

registerCell(lstmCell);

export { lstmCell } from './definition';
export { LstmEncoder, type LstmEncoderArgs } from './lstm-encoder';
export { lstmLastState, type LstmActivations, type LstmWeights } from './lstm-recurrence';
export {
  lstmActivations,
  lstmOptionsSchema,
  type LstmActivation,
  type LstmOptions,
  type LstmOptionsInput,
} from './options';
