/**
 * @srnn/pipeline: composes the SRNN packages end to end: a data source to a fitted tokenizer and
 * encoded splits, to a trained classifier directory, to predictions.
 */
export {
  architectureNames,
  dataSourceSchema,
  fileFormats,
  modelChoiceSchema,
  prepareOptionsSchema,
  trainingChoiceSchema,
  type DataSource,
  type ModelChoice,
  type PrepareOptions,
  type ResolvedModelChoice,
  type ResolvedPrepareOptions,
  type ResolvedTrainingChoice,
  type TrainingChoice,
} from './config';
export { PipelineConfigError } from './errors';
export { formatOfFile } from './sources';
export { prepareData, type PreparedData, type PreparationStats } from './prepare';
export {
  classifierConfigFor,
  modelName,
  trainModel,
  type TrainModelOptions,
  type TrainOutcome,
} from './train';
export { RUN_FILES, RUN_CONFIG_FORMAT, type RunConfig } from './run-files';
export { type CellPackageLoader } from './bundle-io';
export { PENDING_RUN_FILE, type OptionNames, type RunFingerprint } from './out-dir';
export { type DataFingerprint } from './fingerprint';
export {
  evaluationSplits,
  loadTrainedModel,
  type EvaluateOptions,
  type Prediction,
  type SourceEvaluation,
  type TrainedModel,
} from './trained-model';
export {
  chooseLength,
  measureDocumentLengths,
  overPaddedShare,
  LENGTH_BOUNDS,
  LENGTH_PERCENTILE,
  LENGTH_SAMPLE,
  type LengthChoice,
} from './length-choice';
