import { registerCell, registerFusedRecurrence } from '@srnn/cells';
import { gruCell } from './definition';
import { gruFusedRecurrence } from './gru-fused';

registerCell(gruCell);
registerFusedRecurrence('gru', gruFusedRecurrence);

export { gruCell } from './definition';
export { GruEncoder, type GruEncoderArgs } from './gru-encoder';
export { gruFusedRecurrence } from './gru-fused';
export { gruSteps, type GruActivations } from './gru-steps';
export {
  gruActivations,
  gruOptionsSchema,
  type GruActivation,
  type GruOptions,
  type GruOptionsInput,
} from './options';
