// The cell contract: what a cell package implements and how the model finds cells and their fused
// kernels. The helpers cells are built with live in '@srnn/cells/toolkit'; loading a cell package
// by name from a project directory in the Node.js entry (src/node.ts, the `node` condition).
export {
  directions,
  implementations,
  isSequenceEncoder,
  stateOutputs,
  type CellDefinition,
  type Direction,
  type EncodeOptions,
  type EncoderOptions,
  type Implementation,
  type SequenceEncoder,
  type SequenceEncoderLayer,
  type StateOutput,
} from './contract';
export {
  createEncoder,
  describeCells,
  encoderOptionsSchema,
  getCell,
  listCells,
  parseCellList,
  registerCell,
  type CellListing,
} from './registry';
export {
  findFusedRecurrence,
  listFusedRecurrences,
  registerFusedRecurrence,
  type FusedRecurrence,
  type RecurrenceRequest,
} from './fused-recurrence';
