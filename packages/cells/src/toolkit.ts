// The toolkit cells are built with: not part of the contract (a cell may use none of it).
export {
  GatedRecurrentEncoder,
  type GatedCellShape,
  type GatedWeights,
} from './gated-recurrent-encoder';
export { gathersCheaply } from './host-backend';
export { orthogonalMatrix } from './orthogonal';
export { DISTINCT_ROWS_LIMIT, distinctRows, projectRows } from './row-projection';
export { stackSteps, unstackSteps } from './time-steps';
