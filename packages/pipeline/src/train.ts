import * as tf from '@tensorflow/tfjs';
import '@srnn/cell-lstm';
import {
  buildRunReport,
  trainClassifier,
  writeJsonReport,
  type AbortSignalLike,
  type CompletedTraining,
  type InterruptedTraining,
  type StepInfo,
  type TextSink,
} from '@srnn/eval';
import { buildClassifier, listCells, saveClassifier, type ClassifierConfig } from '@srnn/model';
import type { Coverage } from '@srnn/embeddings';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import {
  modelChoiceSchema,
  trainingChoiceSchema,
  type ModelChoice,
  type ResolvedModelChoice,
  type TrainingChoice,
} from './config';
import { parseOptions } from '@srnn/errors';
import { PipelineConfigError } from './errors';
import { loadGloveMatrix } from './glove';
import type { PreparedData } from './prepare';
import { RUN_CONFIG_FORMAT, RUN_FILES, type RunConfig } from './run-files';

/** Options of {@link trainModel}. */
export interface TrainModelOptions {
  data: PreparedData;
  model: ModelChoice;
  training?: TrainingChoice;
  /** The trained directory; rerun with the same directory to resume an interrupted run. */
  outDir: string;
  /** Progress display (default 'auto': a bar on a terminal, lines otherwise). */
  progress?: 'auto' | 'bar' | 'lines' | 'none';
  /** Where progress goes (default standard error). */
  progressStream?: TextSink;
  /** Stops training after the current step, with a checkpoint, once `aborted` is true. */
  signal?: AbortSignalLike;
  /** Checkpoint and return on SIGINT/SIGTERM (default true). */
  handleSignals?: boolean;
  /** Called after every optimisation step. */
  onStepEnd?: (info: StepInfo) => void;
}

/** What {@link trainModel} returns. */
export type TrainOutcome =
  | {
      status: 'completed';
      outDir: string;
      /** Per-epoch history, best epoch, test metrics at the best-validation checkpoint. */
      training: CompletedTraining;
      config: RunConfig;
    }
  | {
      status: 'interrupted';
      outDir: string;
      training: InterruptedTraining;
      /** What happened and how to resume. */
      message: string;
    };

const optionsSchema = z.object({
  outDir: z
    .string({ error: 'outDir must be a directory path' })
    .min(1, { error: 'outDir must be a directory path' }),
  progress: z
    .enum(['auto', 'bar', 'lines', 'none'], {
      error: "progress must be one of 'auto', 'bar', 'lines', 'none'",
    })
    .default('auto'),
});

/** A short run name, e.g. 'SRNN(8,2) gru', 'rnn lstm', 'dccnn'. */
export function modelName(model: ResolvedModelChoice): string {
  if (model.architecture === 'srnn') return `${model.spec ?? 'SRNN'} ${model.cell}`;
  if (model.architecture === 'rnn') return `rnn ${model.cell}`;
  return 'dccnn';
}

/** The @srnn/model configuration for a model choice on prepared data, and the GloVe coverage. */
export async function classifierConfigFor(
  model: ResolvedModelChoice,
  data: Pick<PreparedData, 'vocabularySize' | 'maxLength' | 'classes' | 'tokenizer'>,
  seed: number,
): Promise<{ classifier: ClassifierConfig; glove?: Coverage }> {
  if (model.architecture === 'srnn' && model.spec === undefined) {
    throw new PipelineConfigError(
      "model.spec is required for architecture 'srnn': a slicing such as 'SRNN(8,2)' (8 slices, 2 levels of slicing)",
    );
  }
  if (model.architecture !== 'dccnn' && !listCells().includes(model.cell)) {
    throw new PipelineConfigError(
      `model.cell must be one of ${listCells().join(', ')} (the registered cells); got '${model.cell}'`,
    );
  }
  const classifier: ClassifierConfig = {
    architecture: model.architecture,
    vocabularySize: data.vocabularySize,
    embeddingDim: model.embeddingDim,
    embeddingTrainable: model.trainableEmbedding,
    maxLength: data.maxLength,
    cell: model.cell,
    units: model.units,
    classes: data.classes,
    seed,
    ...(model.spec !== undefined && model.architecture === 'srnn' ? { slicing: model.spec } : {}),
  };
  if (model.glove === undefined) return { classifier };
  const pretrained = await loadGloveMatrix(
    model.glove,
    data.tokenizer,
    data.vocabularySize,
    model.embeddingDim,
    seed,
  );
  classifier.embeddingMatrix = pretrained.matrix;
  return { classifier, glove: pretrained.coverage };
}

/**
 * Builds the chosen classifier, trains it on prepared data (Adam, best-validation checkpoint, test
 * at that checkpoint) and writes a trained directory: model.json + weights.bin (TensorFlow.js
 * LayersModel format), tokenizer.json, labels.json, config.json and report.json. Checkpoints go to
 * `outDir/training`; calling again with the same `outDir` (and the same data and settings)
 * resumes an interrupted run, or returns the finished one.
 *
 * @throws OptionsError naming the field and the allowed values when a choice is invalid.
 */
export async function trainModel(options: TrainModelOptions): Promise<TrainOutcome> {
  const model = parseOptions(modelChoiceSchema, options.model, 'trainModel model');
  const training = parseOptions(trainingChoiceSchema, options.training ?? {}, 'trainModel training');
  const { outDir, progress } = parseOptions(
    optionsSchema,
    { outDir: options.outDir, progress: options.progress },
    'trainModel options',
  );
  const { data } = options;
  const name = modelName(model);
  const built = await classifierConfigFor(model, data, training.seed);
  const classifier = buildClassifier(built.classifier);
  try {
    await mkdir(outDir, { recursive: true });
    const config: RunConfig = {
      format: RUN_CONFIG_FORMAT,
      version: 1,
      name,
      model,
      training,
      ...(built.glove ? { glove: built.glove } : {}),
      data: {
        source: data.sourceName,
        options: data.options,
        maxLength: data.maxLength,
        vocabularySize: data.vocabularySize,
        classes: data.classes,
        stats: data.stats,
      },
    };
    await writeFile(join(outDir, RUN_FILES.config), `${JSON.stringify(config, null, 2)}\n`);
    await writeFile(join(outDir, RUN_FILES.tokenizer), JSON.stringify(data.tokenizer.toJSON()));
    await writeFile(join(outDir, RUN_FILES.labels), `${JSON.stringify(data.labels.toJSON())}\n`);

    const result = await trainClassifier({
      model: classifier,
      train: data.train,
      validation: data.validation,
      test: data.test,
      outputDir: join(outDir, RUN_FILES.training),
      name,
      seed: training.seed,
      batchSize: training.batchSize,
      epochs: training.epochs,
      adam: { learningRate: training.learningRate },
      ...(training.earlyStopping !== undefined ? { patience: training.earlyStopping } : {}),
      progress,
      ...(options.progressStream ? { progressStream: options.progressStream } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onStepEnd ? { onStepEnd: options.onStepEnd } : {}),
      handleSignals: options.handleSignals ?? true,
    });
    if (result.status === 'interrupted') {
      return { status: 'interrupted', outDir, training: result, message: result.message };
    }
    // The classifier now holds the best-validation weights.
    await saveClassifier(classifier, outDir, {
      tokenizer: RUN_FILES.tokenizer,
      labels: [...data.labels.labels],
      extra: { name },
    });
    await writeJsonReport(
      join(outDir, RUN_FILES.report),
      buildRunReport([result], {
        name,
        source: data.sourceName,
        data: config.data,
        model,
        training,
        tfBackend: tf.getBackend(),
      }),
    );
    return { status: 'completed', outDir, training: result, config };
  } finally {
    classifier.dispose();
  }
}
