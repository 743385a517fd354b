/**
 * Table 2 of the paper: accuracy and training time per epoch of the standard GRU, SRNN variants and
 * DCCNN on one data set. Each model trains into its own folder under the results directory, so an
 * interrupted reproduction resumes per model (a finished model is not trained again).
 */
import { prepareData, trainModel, type DataSource, type PreparedData } from '@srnn/pipeline';
import { secondsPerEpoch, type CompletedTraining } from '@srnn/eval';
import { join } from 'node:path';
import type { ModelVariant } from '../lineup';
import type { RunClock } from '../plan/run-clock';

export interface Table2DatasetOptions {
  /** Folder name and table label of the data set, e.g. 'uci-yelp' or 'yelp2013'. */
  id: string;
  source: DataSource;
  maxLength: number;
  vocabulary: number;
  embeddingDim: number;
  units: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  seed: number;
  glove?: string;
  limit?: number;
  variants: ModelVariant[];
  outDir: string;
  progress: 'auto' | 'bar' | 'lines' | 'none';
  log: (line: string) => void;
  /** The whole run's clock: its status ends every progress line. */
  clock?: RunClock;
}

export interface Table2Run {
  dataset: string;
  variant: ModelVariant;
  training: CompletedTraining;
  secondsPerEpoch: number;
}

export interface Table2DatasetResult {
  dataset: string;
  documents: number;
  classes: number;
  maxLength: number;
  meanTokens: number;
  splitSizes: [number, number, number];
  runs: Table2Run[];
  /** Set when a run was interrupted: the reproduction stops and can be resumed. */
  interrupted?: string;
}

export function describeData(data: PreparedData): string {
  const [train, validation, test] = [data.train, data.validation, data.test].map((s) => s.shape[0]);
  return `${data.stats.documents} documents, ${data.classes} classes, split ${train}/${validation}/${test}, vocabulary ${data.vocabularySize}, T = ${data.maxLength}`;
}

export async function runTable2Dataset(
  options: Table2DatasetOptions,
): Promise<Table2DatasetResult> {
  options.log(`table 2: ${options.id}: preparing data (T = ${options.maxLength})`);
  const data = await prepareData(options.source, {
    maxLength: options.maxLength,
    vocabulary: options.vocabulary,
    seed: options.seed,
    onInvalid: 'skip',
    ...(options.limit !== undefined ? { limit: options.limit } : {}),
    // The paper's data sets run to millions of documents: read them twice rather than keep tokens.
    ...(options.source.kind === 'paper' ? { passes: 2 as const } : {}),
  });
  options.log(`table 2: ${options.id}: ${describeData(data)}`);
  const result: Table2DatasetResult = {
    dataset: options.id,
    documents: data.stats.documents,
    classes: data.classes,
    maxLength: data.maxLength,
    meanTokens: data.stats.meanTokens,
    splitSizes: [data.train.shape[0], data.validation.shape[0], data.test.shape[0]],
    runs: [],
  };
  const clock = options.clock;
  for (const variant of options.variants) {
    options.log(`table 2: ${options.id}: training ${variant.label} (${options.epochs} epochs)`);
    if (clock) options.log(clock.startModel(options.id, variant.label));
    const outcome = await trainModel({
      data,
      model: {
        architecture: variant.architecture,
        ...(variant.spec ? { spec: variant.spec } : {}),
        cell: variant.cell ?? 'gru',
        units: options.units,
        embeddingDim: options.embeddingDim,
        ...(options.glove ? { glove: options.glove } : {}),
      },
      training: {
        epochs: options.epochs,
        batchSize: options.batchSize,
        learningRate: options.learningRate,
        seed: options.seed,
      },
      outDir: join(options.outDir, options.id, variant.label),
      progress: options.progress,
      ...(clock
        ? { progressStream: clock.sink(process.stderr), onStepEnd: clock.step.bind(clock) }
        : {}),
    });
    clock?.endModel();
    if (outcome.status === 'interrupted') {
      result.interrupted = outcome.message;
      return result;
    }
    const training = outcome.training;
    const run: Table2Run = {
      dataset: options.id,
      variant,
      training,
      secondsPerEpoch: secondsPerEpoch(training),
    };
    result.runs.push(run);
    options.log(
      `table 2: ${options.id}: ${variant.label}: val ${(training.bestValidationAccuracy * 100).toFixed(2)}%, ` +
        `test ${((training.test?.accuracy ?? NaN) * 100).toFixed(2)}%, ${run.secondsPerEpoch.toFixed(1)} s/epoch` +
        (training.resumed ? ' (resumed)' : ''),
    );
  }
  return result;
}
