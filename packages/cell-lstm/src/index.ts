import { registerCell } from '@srnn/cells';
import { lstmCell } from './definition';

registerCell(lstmCell);

export { lstmCell } from './definition';
export { LstmEncoder, type LstmEncoderArgs } from './lstm-encoder';
export { lstmSteps, type LstmActivations } from './lstm-steps';
export {
  lstmActivations,
  lstmOptionsSchema,
  type LstmActivation,
  type LstmOptions,
  type LstmOptionsInput,
} from './options';
