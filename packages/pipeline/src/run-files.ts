import type { Coverage } from '@srnn/embeddings';
import type { ResolvedModelChoice, ResolvedPrepareOptions, ResolvedTrainingChoice } from './config';
import type { RunFingerprint } from './out-dir';
import type { PreparationStats } from './prepare';

/**
 * Files of a trained run. The model, weights, tokenizer, labels, config and report live in the
 * bundle's generation folder that bundle.json names (see @srnn/bundle); `training` (checkpoints)
 * sits at the top of the directory. A first-release directory holds them all at the top.
 */
export const RUN_FILES = {
  /** Written by @srnn/model's saveClassifier (TensorFlow.js LayersModel format). */
  model: 'model.json',
  weights: 'weights.bin',
  tokenizer: 'tokenizer.json',
  labels: 'labels.json',
  config: 'config.json',
  report: 'report.json',
  /** Checkpoints and best weights of the training run (what makes a rerun resume). */
  training: 'training',
} as const;

/** The format tag of config.json. */
export const RUN_CONFIG_FORMAT = 'srnn-pipeline-run';

/** What config.json records: everything needed to rebuild, reload and describe the run. */
export interface RunConfig {
  format: typeof RUN_CONFIG_FORMAT;
  version: 1;
  /** A short name of the model, e.g. 'SRNN(8,2) gru' or 'rnn gru'. */
  name: string;
  model: ResolvedModelChoice;
  training: ResolvedTrainingChoice;
  /** How much of the vocabulary the GloVe file covered (when model.glove was given). */
  glove?: Coverage;
  data: {
    source: string;
    options: ResolvedPrepareOptions;
    maxLength: number;
    vocabularySize: number;
    classes: number;
    stats: PreparationStats;
    /** The text and label fields read (files only). */
    fields?: { text: string | number; label: string | number };
  };
  /** The fingerprint of the data and settings (absent in first-release directories). */
  fingerprint?: RunFingerprint;
}
