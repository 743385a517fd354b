/**
 * Table 2 of the paper: accuracy and training time per epoch of the standard GRU, SRNN variants and
 * DCCNN on one data set. Each model trains into its own folder under the results directory, so an
 * interrupted reproduction resumes per model (a finished model is not trained again).
 */
import { prepareData, trainModel, type DataSource, type PreparedData } from '@srnn/pipeline';
import { secondsPerEpoch, type CompletedTraining } from '@srnn/eval';
import type { ModelVariant } from '../lineup';
import type { RunClock } from '../plan/run-clock';
import { runFolder } from '../run-folder';

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
  /** Seeds the split and shuffle of the data, and training when `seeds` is absent. */
  seed: number;
  /**
   * Training seeds (initialisation, dropout, batch order): each model trains once per seed, on the
   * same split. Absent: one run with `seed`, in the folder a single-seed run has always used.
   */
  seeds?: number[];
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
  /** The training seed. */
  seed: number;
  training: CompletedTraining;
  secondsPerEpoch: number;
}

export interface Table2DatasetResult {
  dataset: string;
  documents: number;
  classes: number;
  maxLength: number;
  meanTokens: number;
  /** Records of the source skipped as invalid, by reason (empty when none were). */
  skipped: Record<string, number>;
  splitSizes: [number, number, number];
  runs: Table2Run[];
  /**
   * Model runs that raised an error while training (e.g. weights that turned NaN): recorded, and
   * the other models still run; the command exits non-zero.
   */
  failures: { model: string; seed: number; message: string }[];
  /** Set when a run was interrupted: the reproduction stops and can be resumed. */
  interrupted?: string;
}

/** `no records skipped`, or `44 records skipped (emptyText 44)`. */
export function describeSkipped(skipped: Record<string, number>): string {
  const entries = Object.entries(skipped).filter(([, n]) => n > 0);
  const total = entries.reduce((a, [, n]) => a + n, 0);
  if (total === 0) return 'no records skipped';
  return `${total} record${total === 1 ? '' : 's'} skipped (${entries.map(([reason, n]) => `${reason} ${n}`).join(', ')})`;
}

export function describeData(data: PreparedData): string {
  const [train, validation, test] = [data.train, data.validation, data.test].map((s) => s.shape[0]);
  return `${data.stats.documents} documents, ${describeSkipped(data.stats.skipped)}, ${data.classes} classes, split ${train}/${validation}/${test}, vocabulary ${data.vocabularySize}, T = ${data.maxLength}`;
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
    skipped: { ...data.stats.skipped },
    splitSizes: [data.train.shape[0], data.validation.shape[0], data.test.shape[0]],
    runs: [],
    failures: [],
  };
  const clock = options.clock;
  const seeds = options.seeds ?? [options.seed];
  const multiSeed = seeds.length > 1;
  for (const variant of options.variants) {
    for (const seed of seeds) {
      const name = multiSeed ? `${variant.label} (seed ${seed})` : variant.label;
      options.log(`table 2: ${options.id}: training ${name} (${options.epochs} epochs)`);
      if (clock)
        options.log(clock.startModel(options.id, variant.label, multiSeed ? seed : undefined));
      let outcome: Awaited<ReturnType<typeof trainModel>>;
      try {
        outcome = await trainModel({
          data,
          model: {
            architecture: variant.architecture,
            ...(variant.spec ? { spec: variant.spec } : {}),
            cell: variant.cell ?? 'gru',
            units: options.units,
            embeddingDim: options.embeddingDim,
            ...(options.glove ? { glove: options.glove } : {}),
            ...(variant.attention ? { attention: true } : {}),
            ...(variant.skipPadding ? { skipPadding: true } : {}),
          },
          training: {
            epochs: options.epochs,
            batchSize: options.batchSize,
            learningRate: options.learningRate,
            seed,
          },
          outDir: runFolder(
            options.outDir,
            options.id,
            variant.label,
            multiSeed ? seed : undefined,
          ),
          progress: options.progress,
          ...(clock
            ? { progressStream: clock.sink(process.stderr), onStepEnd: clock.step.bind(clock) }
            : {}),
        });
      } catch (error) {
        clock?.endModel();
        const message = (error as Error).message;
        result.failures.push({ model: variant.label, seed, message });
        options.log(`table 2: ${options.id}: ${name}: failed: ${message}`);
        continue;
      }
      clock?.endModel();
      if (outcome.status === 'interrupted') {
        result.interrupted = outcome.message;
        return result;
      }
      const training = outcome.training;
      const run: Table2Run = {
        dataset: options.id,
        variant,
        seed,
        training,
        secondsPerEpoch: secondsPerEpoch(training),
      };
      result.runs.push(run);
      options.log(
        `table 2: ${options.id}: ${name}: val ${(training.bestValidationAccuracy * 100).toFixed(2)}%, ` +
          `test ${((training.test?.accuracy ?? NaN) * 100).toFixed(2)}%, ${run.secondsPerEpoch.toFixed(1)} s/epoch` +
          (training.resumed ? ' (resumed)' : ''),
      );
    }
  }
  return result;
}
