import * as tf from '@tensorflow/tfjs';
import '@srnn/cell-lstm';
import {
  buildRunReport,
  trainClassifier,
  type AbortSignalLike,
  type TrainingResult,
  type CompletedTraining,
  type InterruptedTraining,
  type StepInfo,
  type TextSink,
} from '@srnn/eval';
import { buildClassifier, describeCells, listCells, type ClassifierConfig } from '@srnn/model';
import { cleanBundleDirectory, type WriteStep } from '@srnn/bundle/node';
import type { Coverage } from '@srnn/embeddings';
import { mkdir, rm } from 'node:fs/promises';
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
import { FolderLockedError, lockFolder, type FolderLock } from '@srnn/files';
import { PipelineConfigError } from './errors';
import { captureModel, CREATED_BY, saveBundle } from './bundle-io';
import { dataDifferences, fingerprintSettings, settingsDifferences } from './fingerprint';
import { loadGloveMatrix } from './glove';
import {
  clearRunInProgress,
  inspectOutDir,
  type OutDirState,
  PENDING_RUN_FILE,
  removeLegacyFiles,
  writePendingRun,
  type OptionNames,
  type RunFingerprint,
} from './out-dir';
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
  /**
   * Start over when outDir holds a run on other data or settings (or one of an earlier version):
   * its checkpoints are removed; a finished model there stays until the new one is complete.
   */
  restart?: boolean;
  /** How messages name outDir and restart (a command line passes its flags, e.g. '--out'). */
  optionNames?: Partial<OptionNames>;
  /** Called before each step of the final bundle write (tests use it to interrupt the write). */
  onBundleWrite?: (step: WriteStep) => void | Promise<void>;
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
  const cells = Array.isArray(model.cell) ? model.cell.join(',') : model.cell;
  if (model.architecture === 'srnn') {
    const extras = [model.attention ? 'attention' : '', model.skipPadding ? 'skip-padding' : '']
      .filter((e) => e !== '')
      .map((e) => ` ${e}`)
      .join('');
    return `${model.spec ?? 'SRNN'} ${cells}${extras}`;
  }
  if (model.architecture === 'rnn') return `rnn ${cells}`;
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
  const cells = Array.isArray(model.cell) ? model.cell : [model.cell];
  const unknown = cells.find((cell) => !listCells().includes(cell));
  if (model.architecture !== 'dccnn' && unknown !== undefined) {
    throw new PipelineConfigError(
      `model.cell must be one of ${listCells().join(', ')} (the registered cells); got '${unknown}'`,
    );
  }
  if (model.architecture !== 'srnn') {
    const srnnOnly = (
      ['bidirectional', 'merge', 'attention', 'skipPadding', 'dropout'] as const
    ).find((field) => model[field] !== undefined);
    if (srnnOnly !== undefined || cells.length > 1) {
      throw new PipelineConfigError(
        `model.${srnnOnly ?? 'cell'} ${srnnOnly !== undefined ? 'applies' : 'as a per-level list applies'} to architecture 'srnn' only (got '${model.architecture}')`,
      );
    }
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
    ...(model.bidirectional !== undefined ? { bidirectional: model.bidirectional } : {}),
    ...(model.merge !== undefined ? { merge: model.merge } : {}),
    ...(model.attention !== undefined ? { attention: model.attention } : {}),
    ...(model.skipPadding !== undefined ? { skipPadding: model.skipPadding } : {}),
    ...(model.dropout !== undefined ? { dropout: model.dropout } : {}),
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

/** Each distinct cell with the npm package that registers it (as the registry knows it). */
function cellPackagesOf(
  cells: readonly string[],
  given: Record<string, string> = {},
): { name: string; package: string }[] {
  const listing = describeCells();
  return [...new Set(cells)].map((name) => ({
    name,
    package:
      given[name] ?? listing.find((c) => c.name === name)?.packageName ?? `@srnn/cell-${name}`,
  }));
}

/**
 * Builds the chosen classifier, trains it on prepared data (Adam, best-validation checkpoint, test
 * at that checkpoint) and writes a model bundle (@srnn/bundle: model.json + weights.bin in the
 * TensorFlow.js LayersModel format, tokenizer.json, labels.json, config.json and report.json,
 * listed with their hashes in bundle.json, written atomically as a whole). Checkpoints go to
 * `outDir/training`. Before anything is written, outDir is checked: a rerun with the same data
 * and settings (compared by fingerprint) resumes an interrupted run or returns the finished one as
 * it is; another run there is refused with what differs unless `restart` is given; a directory
 * holding files that are not a run's is always refused.
 *
 * @throws OptionsError naming the field and the allowed values when a choice is invalid.
 */
/** What of a folder's state the decisions before the lock rest on. */
function stateSummary(state: OutDirState): string {
  switch (state.kind) {
    case 'bundle':
      return JSON.stringify([state.kind, state.contents.manifest?.files.model.path, state.pending]);
    case 'pending':
      return JSON.stringify([state.kind, state.fingerprint]);
    case 'damaged':
      return JSON.stringify([state.kind, state.problem]);
    default:
      return state.kind;
  }
}

export async function trainModel(options: TrainModelOptions): Promise<TrainOutcome> {
  const model = parseOptions(modelChoiceSchema, options.model, 'trainModel model');
  const training = parseOptions(
    trainingChoiceSchema,
    options.training ?? {},
    'trainModel training',
  );
  const { outDir, progress } = parseOptions(
    optionsSchema,
    { outDir: options.outDir, progress: options.progress },
    'trainModel options',
  );
  const { data } = options;
  const names: OptionNames = { outDir: 'outDir', restart: 'restart: true', ...options.optionNames };
  const name = modelName(model);
  // How often checkpoints are written does not change the result, so it is no part of the fingerprint.
  const { checkpointEveryMinutes, ...trainingSettings } = training;
  // unknownLabels 'error' is what every run did before the option existed: left out of the
  // fingerprint then, so that a finished run of an earlier release still matches its own settings.
  const { unknownLabels, ...prepareSettings } = data.options;
  const settingsValues = {
    source: data.sourceSettings,
    prepare: unknownLabels === 'skip' ? data.options : prepareSettings,
    model,
    training: trainingSettings,
  };
  const fingerprint: RunFingerprint = {
    data: data.fingerprint,
    settings: fingerprintSettings(settingsValues),
    settingsValues,
  };
  const sameAs = (old: RunFingerprint | undefined) =>
    old !== undefined &&
    old.data?.sha256 === fingerprint.data.sha256 &&
    old.settings === fingerprint.settings;
  const differences = (old: RunFingerprint | undefined) =>
    old?.data && old.settingsValues
      ? [
          ...dataDifferences(old.data, fingerprint.data),
          ...settingsDifferences(old.settingsValues, settingsValues),
        ]
      : ['it records no fingerprint of its data and settings'];
  const refuse = (what: string, diffs: string[] = []): never => {
    throw new PipelineConfigError(
      `${names.outDir} ${JSON.stringify(outDir)} holds ${what}${diffs.length > 0 ? `; what differs: ${diffs.join('; ')}` : ''}. ` +
        `Nothing was changed. Pass ${names.restart} to train again into it (a finished model stays until the new one is complete), or give a new ${names.outDir}.`,
    );
  };

  // Nothing is written to outDir before this check.
  const state = await inspectOutDir(outDir, names);
  let replacesLegacy = false;
  switch (state.kind) {
    case 'bundle': {
      // A run started over the finished model (with restart) and interrupted: the same command
      // without restart resumes it; the finished model stays until the new one is complete.
      if (sameAs(state.pending) && !options.restart) break;
      const old = state.contents.config['fingerprint'] as RunFingerprint | undefined;
      const run = (state.contents.report as { runs?: TrainingResult[] } | undefined)?.runs?.[0];
      if (sameAs(old) && run?.status === 'completed') {
        // The same question was answered: return the finished run as it is (only leftovers of an
        // interrupted write, never referenced by bundle.json, are removed).
        // Under the folder's lock only: a run writing here now (say with restart) may have
        // published a generation this clean-up would remove; then it is left alone.
        const folder = state.contents.manifest!.files.model.path.split('/')[0]!;
        const cleaning = await lockFolder(outDir).catch((error: unknown) => {
          if (error instanceof FolderLockedError) return undefined;
          throw error;
        });
        if (cleaning !== undefined) {
          try {
            await cleanBundleDirectory(outDir, folder);
          } finally {
            await cleaning.release();
          }
        }
        return {
          status: 'completed',
          outDir,
          training: { ...run, resumed: true },
          config: state.contents.config as unknown as RunConfig,
        };
      }
      if (!options.restart)
        refuse('a finished model trained on other data or settings', differences(old));
      break;
    }
    case 'damaged':
      if (!options.restart) refuse(`a damaged model (${state.problem})`);
      break;
    case 'legacy':
      if (!options.restart)
        refuse(
          'a run written by an earlier version (no bundle.json), whose data and settings cannot be compared',
        );
      replacesLegacy = true;
      break;
    case 'pending':
      if (!sameAs(state.fingerprint) && !options.restart)
        refuse('an unfinished run on other data or settings', differences(state.fingerprint));
      break;
    case 'unknown-run':
      if (!options.restart)
        refuse('an unfinished run that records no fingerprint of its data and settings');
      break;
    case 'new':
      break;
  }
  const cells = Array.isArray(model.cell) ? model.cell : [model.cell];
  const inProgress =
    state.kind === 'pending'
      ? state.fingerprint
      : state.kind === 'bundle'
        ? state.pending
        : undefined;
  const resume = sameAs(inProgress) && !options.restart;
  const built = await classifierConfigFor(model, data, training.seed);
  const classifier = buildClassifier(built.classifier);
  let lock: FolderLock | undefined;
  try {
    await mkdir(outDir, { recursive: true });
    // One run writes a folder at a time: two would mix checkpoints and remove each other's files.
    try {
      lock = await lockFolder(outDir);
    } catch (error) {
      if (error instanceof FolderLockedError)
        throw new PipelineConfigError(`${names.outDir} ${error.message}; nothing was changed`);
      throw error;
    }
    // What was decided above rests on the folder as it was before the lock: another run may have
    // finished or started one since. Then this one starts over rather than act on a stale view.
    if (stateSummary(await inspectOutDir(outDir, names)) !== stateSummary(state)) {
      throw new PipelineConfigError(
        `${names.outDir} ${JSON.stringify(outDir)} changed while this run started (another run wrote to it); nothing was changed: run the command again`,
      );
    }
    if (!resume) await clearRunInProgress(outDir);
    await writePendingRun(outDir, fingerprint);
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
        ...(data.fields ? { fields: data.fields } : {}),
      },
      fingerprint,
    };

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
      ...(training.gradientClipNorm !== undefined
        ? { gradientClipNorm: training.gradientClipNorm }
        : {}),
      ...(training.learningRateSchedule !== undefined
        ? { learningRateSchedule: training.learningRateSchedule }
        : {}),
      ...(checkpointEveryMinutes !== undefined ? { checkpointEveryMinutes } : {}),
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
    const labels = [...data.labels.labels];
    const captured = await captureModel(classifier, {
      tokenizer: RUN_FILES.tokenizer,
      labels,
      extra: { name },
    });
    const report = buildRunReport([result], {
      name,
      source: data.sourceName,
      data: config.data,
      model,
      training,
      tfBackend: tf.getBackend(),
    });
    await saveBundle(
      outDir,
      {
        createdBy: CREATED_BY,
        model: captured.model,
        weights: captured.weights,
        tokenizer: data.tokenizer.toJSON(),
        labels,
        config: config as unknown as Record<string, unknown>,
        report: JSON.parse(JSON.stringify(report)),
        agree: {
          vocabularySize: data.vocabularySize,
          maxLength: data.maxLength,
          ...(data.fields ? { textField: data.fields.text, labelField: data.fields.label } : {}),
        },
        cells: model.architecture === 'dccnn' ? [] : cellPackagesOf(cells, model.cellPackages),
        fingerprint: { data: fingerprint.data.sha256, settings: fingerprint.settings },
      },
      options.onBundleWrite,
    );
    if (replacesLegacy) await removeLegacyFiles(outDir);
    await rm(join(outDir, PENDING_RUN_FILE), { force: true });
    return { status: 'completed', outDir, training: result, config };
  } finally {
    classifier.dispose();
    await lock?.release();
  }
}
