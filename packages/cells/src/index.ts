export type { CellDefinition, EncoderOptions } from './contract';
export {
  createEncoder,
  encoderOptionsSchema,
  getCell,
  listCells,
  registerCell,
} from './registry';
export { orthogonalMatrix } from './orthogonal';
export { gateProjections } from './gate-projections';
export { lookUpRows, lookupRecordOf, reshapeRows, type LookupRecord } from './looked-up-rows';
export { DISTINCT_ROWS_LIMIT, distinctIds, projectRows } from './row-projection';
export { GatedRecurrentEncoder, type GatedWeights } from './gated-recurrent-encoder';
