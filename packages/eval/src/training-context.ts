import type * as tf from '@tensorflow/tfjs';
import type { Checkpointer } from './checkpointer';
import type { InterruptWatcher } from './interruption';
import type { ProgressReporter } from './progress';
import type { TrainStep } from './train-step';
import type { ResolvedTrainOptions } from './train-options';
import type { TrainingSettings } from './training-types';

/** What the parts of a training run share; built once by trainClassifier. */
export interface TrainingContext {
  readonly options: ResolvedTrainOptions;
  readonly model: tf.LayersModel;
  readonly optimizer: tf.Optimizer;
  readonly step: TrainStep;
  readonly settings: TrainingSettings;
  readonly progress: ProgressReporter;
  readonly watcher: InterruptWatcher;
  readonly checkpointer: Checkpointer;
  readonly stepsPerEpoch: number;
}
