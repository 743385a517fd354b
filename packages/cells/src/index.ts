export type { CellDefinition, EncoderOptions } from './contract';
export {
  createEncoder,
  describeIssues,
  encoderOptionsSchema,
  getCell,
  listCells,
  registerCell,
} from './registry';
export { orthogonalMatrix } from './orthogonal';
export { gateProjections } from './gate-projections';
export { GatedRecurrentEncoder, type GatedWeights } from './gated-recurrent-encoder';
