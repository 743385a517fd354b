/**
 * @srnn/eval: train and evaluate TensorFlow.js classifiers on encoded splits, with seeded
 * batching, best-validation checkpoints, resumable runs, metrics, progress and report writers.
 */
export { trainClassifier } from './train-classifier';
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
} from './train-options';
export type {
  EpochRecord,
  TrainingSettings,
  TrainingFingerprint,
  CompletedTraining,
  InterruptedTraining,
  TrainingResult,
} from './training-types';
export type { EncodedSplit, GatheredBatch } from './splits';
export { assertValidSplit, gatherRows, gatherRange } from './splits';
export { randomTokenBatch } from './random-batch';
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
export {
  defaultEvaluationBatchSize,
  EVALUATION_TOKENS_PER_PASS,
  predictBatches,
  type BatchOptions,
  type PredictionBatch,
} from './predict';
export {
  createTrainStep,
  type TrainStep,
  type TrainStepOptions,
  type StepOutcome,
} from './train-step';
export { clipByGlobalNorm, type ClippedGradients } from './gradient-clipping';
export {
  learningRateScheduleSchema,
  learningRateAt,
  type LearningRateSchedule,
  type LearningRateScheduleOptions,
  type SchedulePosition,
} from './learning-rate-schedule';
export {
  timeSteps,
  combineRounds,
  predictedTimingSeconds,
  timingSchema,
  type TimeStepsOptions,
  type StepTimes,
} from './time-steps';
export { timeTrainingSteps, type TimingOptions, type StepTiming } from './time-training-steps';
export { median } from './statistics';
export { CHECKPOINT_FILE } from './checkpoint';
export { readWeightsFile } from './best-weights';
export { restoreModelWeights, snapshotModelWeights, type TensorSnapshot } from './weight-snapshot';
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
} from './run-report';
export {
  renderVegaLiteSvg,
  learningCurvesSvg,
  timeVersusLengthSvg,
  type LearningCurveSeries,
  type LengthTiming,
  type ChartOptions,
} from './charts';
