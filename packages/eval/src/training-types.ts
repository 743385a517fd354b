import type { Evaluation } from './evaluate';
import type { LearningRateSchedule } from './learning-rate-schedule';

/** Figures of one finished epoch. */
export interface EpochRecord {
  /** 1-based. */
  readonly epoch: number;
  /** Mean training cross-entropy over the epoch's batches (each batch measured before its update). */
  readonly loss: number;
  /** Fraction of training rows predicted right during the epoch (before each batch's update). */
  readonly trainAccuracy: number;
  readonly validationAccuracy: number;
  readonly validationLoss: number;
  readonly validationMacroF1: number;
  /** Wall-clock seconds of the training steps (batching included, validation excluded). */
  readonly seconds: number;
  /** Wall-clock seconds of the validation pass. */
  readonly validationSeconds: number;
  readonly steps: number;
  /** Non-padding (non-zero) token ids trained on. */
  readonly tokens: number;
  /** All positions trained on (rows * maxLen), padding included. */
  readonly positions: number;
  /** tokens / seconds. */
  readonly tokensPerSecond: number;
  /** positions / seconds. */
  readonly positionsPerSecond: number;
}

/**
 * The settings a checkpoint must share with the run that resumes it; any difference would make
 * the resumed run a different experiment.
 */
export interface TrainingFingerprint {
  readonly seed: number;
  readonly batchSize: number;
  readonly adam: { learningRate: number; beta1: number; beta2: number; epsilon: number };
  readonly trainShape: [number, number];
  readonly validationShape: [number, number];
  readonly weightShapes: number[][];
  readonly gradientClipNorm: number | null;
  readonly learningRateSchedule: LearningRateSchedule;
}

/** The validated settings of a run, as recorded in results and reports. */
export interface TrainingSettings {
  readonly name: string;
  readonly seed: number;
  readonly batchSize: number;
  readonly evaluationBatchSize: number;
  readonly epochs: number;
  readonly patience: number | null;
  readonly adam: { learningRate: number; beta1: number; beta2: number; epsilon: number };
  /** null: no clipping. */
  readonly gradientClipNorm: number | null;
  readonly learningRateSchedule: LearningRateSchedule;
  readonly checkpointEveryMinutes: number;
  readonly loss: 'categorical cross-entropy on softmax outputs';
  readonly trainShape: [number, number];
  readonly validationShape: [number, number];
  readonly testShape: [number, number] | null;
  readonly parameterCount: number;
}

/** A run that finished (all epochs, or stopped early). */
export interface CompletedTraining {
  readonly status: 'completed';
  readonly settings: TrainingSettings;
  /** tf.getBackend() when the run ended. */
  readonly backend: string;
  readonly outputDir: string;
  readonly history: EpochRecord[];
  readonly bestEpoch: number;
  readonly bestValidationAccuracy: number;
  /** Weights of the best epoch (binary, with a '.json' manifest beside it). */
  readonly bestWeightsPath: string;
  /** The test split evaluated with the best-validation weights, when a test split was given. */
  readonly test: Evaluation | null;
  readonly stoppedEarly: boolean;
  /** Whether this call continued from an earlier checkpoint. */
  readonly resumed: boolean;
}

/** A run stopped by a signal; calling trainClassifier again with the same outputDir resumes it. */
export interface InterruptedTraining {
  readonly status: 'interrupted';
  readonly settings: TrainingSettings;
  readonly backend: string;
  readonly outputDir: string;
  readonly history: EpochRecord[];
  /** 1-based epoch in progress and steps done in it when the run stopped. */
  readonly epoch: number;
  readonly step: number;
  readonly globalStep: number;
  readonly checkpointPath: string;
  /** Human-readable: what happened and how to resume. */
  readonly message: string;
}

/** What trainClassifier returns. */
export type TrainingResult = CompletedTraining | InterruptedTraining;
