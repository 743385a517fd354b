/** `pnpm reproduce --experiment scale`: the settings it runs with, and its report. */
import * as tf from '@tensorflow/tfjs';
import { startProductWorkers } from '@srnn/backend';
import { PAPER_DATASET_IDS, type PaperDatasetId } from '@srnn/datasets';
import { PAPER_SETTINGS } from './defaults';
import { runScale } from './experiments/scale';
import { writeScaleReport } from './experiments/scale-report';
import { syntheticGenerator } from './experiments/synthetic-generator';
import type { ReproduceOptions } from './options';
import type { RunContext } from './speed-report';

const isPaperId = (id: string): id is PaperDatasetId =>
  (PAPER_DATASET_IDS as string[]).includes(id);

/** `pnpm reproduce --experiment scale`: writes <out>/scale.md and scale.json. */
export async function runScaleExperiment(
  options: ReproduceOptions,
  log: (line: string) => void,
  context: Omit<RunContext, 'seconds'>,
): Promise<string> {
  const ids = options.dataset ?? ['amazon-f'];
  const id = ids[0]!;
  if (ids.length !== 1 || !isPaperId(id)) {
    throw new Error(
      `--experiment scale takes one of the paper's data sets in --dataset (${PAPER_DATASET_IDS.join(', ')}); default amazon-f`,
    );
  }
  const settings = {
    dataset: id,
    ...(options.documents ? { documents: options.documents } : {}),
    steps: options.steps ?? 200,
    dataDir: options.dataDir ?? `${options.out}/scale-data/${id}`,
    workDir: options.out,
    vocabulary: options.vocab ?? PAPER_SETTINGS.vocabulary,
    embeddingDim: options.embeddingDim ?? PAPER_SETTINGS.embeddingDim,
    units: options.units ?? PAPER_SETTINGS.units,
    batchSize: options.batchSize ?? PAPER_SETTINGS.batchSize,
    seed: options.seed ?? PAPER_SETTINGS.seed,
    spec: 'SRNN(8,2)',
  };
  if (tf.getBackend() === 'wasm') await startProductWorkers();
  const report = await runScale({ ...settings, generate: syntheticGenerator(), log });
  const seconds = (Date.now() - Date.parse(context.startedAt)) / 1000;
  return writeScaleReport(options.out, report, settings, { ...context, seconds });
}
