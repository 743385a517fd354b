import { registerCell, registerFusedRecurrence } from '@srnn/cells';
import { lstmCell } from './definition';
import { lstmFusedRecurrence } from './lstm-fused';

registerCell(lstmCell);
registerFusedRecurrence('lstm', lstmFusedRecurrence);

export { lstmCell } from './definition';
export { LstmEncoder, type LstmEncoderArgs } from './lstm-encoder';
export { lstmFusedRecurrence } from './lstm-fused';
export { lstmSteps, type LstmActivations } from './lstm-steps';
export {
  lstmActivations,
  lstmOptionsSchema,
  type LstmActivation,
  type LstmOptions,
  type LstmOptionsInput,
} from './options';
