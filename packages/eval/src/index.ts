/**
 * @srnn/eval: train and evaluate TensorFlow.js classifiers on encoded splits, with seeded
 * batching, best-validation checkpoints, resumable runs, metrics, progress and report writers.
 */
export { trainClassifier } from './trainClassifier';
export {
  trainOptionsSchema,
  adamSchema,
  parseTrainOptions,
  type TrainOptions,
  type ResolvedTrainOptions,
  type ProgressMode,
  type AbortSignalLike,
  type TextSink,
  type StepInfo,
} from './trainOptions';
export type {
  EpochRecord,
  TrainingSettings,
  TrainingFingerprint,
  CompletedTraining,
  InterruptedTraining,
  TrainingResult,
} from './trainingTypes';
export type { EncodedSplit, GatheredBatch } from './splits';
export { assertValidSplit, gatherRows, gatherRange } from './splits';
export { SeededRandom, type RandomState } from './random';
export { randomTokenBatch } from './randomBatch';
export {
  accuracy,
  accuracyFromConfusion,
  confusionMatrix,
  macroF1,
  macroF1FromConfusion,
  type ConfusionMatrix,
} from './metrics';
export { sparseCategoricalCrossEntropy, countCorrect, PROBABILITY_CLIP } from './loss';
export { evaluateClassifier, type Evaluation } from './evaluate';
export { predictBatches, type BatchOptions, type PredictionBatch } from './predict';
export { createTrainStep, type TrainStep, type StepOutcome } from './trainStep';
export { timeTrainingSteps, type TimingOptions, type StepTiming } from './timeTrainingSteps';
export { median } from './statistics';
export { readWeightsFile, CHECKPOINT_FILE } from './checkpoint';
export { restoreModelWeights, snapshotModelWeights, type TensorSnapshot } from './weightSnapshot';
export { writeFileAtomic } from './atomicFile';
export {
  createProgressReporter,
  formatDuration,
  type ProgressReporter,
  type StepProgress,
} from './progress';
export { machineInfo, type MachineInfo } from './machine';
export { table, type Column, type Table } from './table';
export {
  buildRunReport,
  writeJsonReport,
  resultsTable,
  secondsPerEpoch,
  type RunReport,
  type PaperFigures,
} from './runReport';
export {
  renderVegaLiteSvg,
  learningCurvesSvg,
  timeVersusLengthSvg,
  type LearningCurveSeries,
  type LengthTiming,
  type ChartOptions,
} from './charts';
