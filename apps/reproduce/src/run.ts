/**
 * The reproduction: picks a backend, runs table 2 on each data set and table 3, and writes the
 * report after every data set so that nothing finished is lost if a later one fails or is stopped.
 */
import { loadavg } from 'node:os';
import { enableRelaxedSimd, selectBackend } from '@srnn/backend';
import {
  listCorpora,
  PAPER_DATASET_IDS,
  PAPER_DATASETS,
  type PaperDatasetId,
} from '@srnn/datasets';
import type { DataSource } from '@srnn/pipeline';
import {
  EMBEDDED_DATASETS,
  EMBEDDED_SETTINGS,
  PAPER_SETTINGS,
  VARIANTS_EXPERIMENT,
} from './defaults';
import { runTable2Dataset, type Table2DatasetResult } from './experiments/table2';
import { runTable3, type Table3Row } from './experiments/table3';
import { checkCells, selectVariants, table2Lineup, withCell } from './lineup';
import { listCells } from './cells';
import type { ReproduceOptions } from './options';
import { writeReport, type ReproductionReport } from './report';
import { PAPER_SIZES } from './experiments/timing';
import { planExperiment, planLines } from './plan/experiment-plan';
import { RunClock } from './plan/run-clock';
import { estimateSteps } from './plan/step-estimate';
import { runScaleExperiment } from './run-scale';
import { runSpeedExperiment } from './run-speed';
import { seedList } from './run-folder';

/** Table 3 times the paper's model at the paper's sizes whatever data table 2 used. */
const TABLE3_SIZES = {
  vocabulary: PAPER_SIZES.vocabulary,
  embeddingDim: PAPER_SIZES.embeddingDim,
  units: PAPER_SIZES.units,
  classes: PAPER_SIZES.classes,
};

function emptyReport(backend: string, started: number, load: number[]): ReproductionReport {
  return {
    settings: {},
    backend,
    table2: [],
    table3: [],
    startedAt: new Date(started).toISOString(),
    seconds: 0,
    loadAverageAtStart: load,
  };
}

interface DatasetPlan {
  id: string;
  source: DataSource;
  maxLength: number;
  /** Epochs chosen for this data set by the embedded defaults (--epochs overrides). */
  epochs?: number;
  paper: boolean;
}

function isPaperId(id: string): id is PaperDatasetId {
  return (PAPER_DATASET_IDS as string[]).includes(id);
}

/** Resolves --dataset ids to sources; unknown ids fail with the list of valid ones. */
export function planDatasets(options: ReproduceOptions): DatasetPlan[] {
  const corpusIds = listCorpora().map((c) => c.id);
  const ids = options.dataset ?? EMBEDDED_DATASETS.map((d) => d.id);
  return ids.map((id) => {
    if (isPaperId(id)) {
      if (!options.dataDir) {
        throw new Error(
          `--dataset ${id} is one of the paper's data sets: give --data-dir DIR, the folder holding its files (see 'pnpm srnn datasets' for the file names and where to get them)`,
        );
      }
      return {
        id,
        source: { kind: 'paper', id, dir: options.dataDir },
        maxLength: options.maxLen ?? PAPER_DATASETS[id].maxLen,
        paper: true,
      };
    }
    if (corpusIds.includes(id)) {
      const embedded = EMBEDDED_DATASETS.find((d) => d.id === id);
      return {
        id,
        source: { kind: 'corpus', id },
        maxLength: options.maxLen ?? embedded?.maxLength ?? 256,
        ...(embedded ? { epochs: embedded.epochs } : {}),
        paper: false,
      };
    }
    throw new Error(
      `--dataset: unknown data set '${id}'; valid: the paper's ${PAPER_DATASET_IDS.join(', ')} (with --data-dir), or the bundled corpora ${corpusIds.join(', ')}`,
    );
  });
}

export async function reproduce(
  options: ReproduceOptions,
  log: (line: string) => void,
): Promise<{ report: ReproductionReport; markdown: string; interrupted?: string }> {
  const started = Date.now();
  // Taken before the backend starts its workers, so it measures the rest of the machine.
  const load = loadavg();
  // The product tiles' relaxed multiply-add, behind a flag on Node.js 20 (see @srnn/backend).
  enableRelaxedSimd();
  const choice = await selectBackend({
    backend: options.backend,
    ...(options.threads !== undefined ? { threads: options.threads } : {}),
    log,
  });
  if (options.experiment === 'scale')
    return {
      report: emptyReport(choice.summary, started, load),
      markdown: await runScaleExperiment(options, log, {
        backend: choice.summary,
        startedAt: new Date(started).toISOString(),
        loadAverageAtStart: load,
      }),
    };
  if (options.experiment === 'speed')
    return {
      report: emptyReport(choice.summary, started, load),
      markdown: await runSpeedExperiment(options, log, {
        backend: choice.summary,
        startedAt: new Date(started).toISOString(),
        loadAverageAtStart: load,
      }),
    };
  const datasets = options.experiment === 'table3' ? [] : planDatasets(options);
  const usesPaperData = datasets.some((d) => d.paper);
  const base = usesPaperData ? PAPER_SETTINGS : EMBEDDED_SETTINGS;
  const settings = {
    vocabulary: options.vocab ?? base.vocabulary,
    embeddingDim: options.embeddingDim ?? base.embeddingDim,
    units: options.units ?? base.units,
    epochs: options.epochs ?? base.epochs,
    batchSize: options.batchSize ?? base.batchSize,
    learningRate: options.lr ?? base.learningRate,
    seed: options.seed ?? base.seed,
    table3Lengths:
      options.lengths ?? (options.experiment === 'table3' ? PAPER_SETTINGS : base).table3Lengths,
    table3Batch: options.table3Batch ?? base.table3Batch,
    table3Steps: options.steps ?? base.table3Steps,
    maxSeconds:
      options.maxSeconds ?? (options.experiment === 'table3' ? PAPER_SETTINGS : base).maxSeconds,
  };
  // --experiment variants: table 2 of the evidence set, several seeds each (both overridable).
  const variantsRun = options.experiment === 'variants';
  const models = options.models ?? (variantsRun ? [...VARIANTS_EXPERIMENT.models] : undefined);
  const seeds = seedList(
    settings.seed,
    options.seeds ?? (variantsRun ? VARIANTS_EXPERIMENT.seeds : 1),
  );
  const withTable3 = options.experiment === 'all' || options.experiment === 'table3';
  const cell = options.cell?.[0] ?? 'gru';
  if (options.cell) checkCells(options.cell, listCells(), true);
  const epochsOf = (d: DatasetPlan) => options.epochs ?? d.epochs ?? settings.epochs;
  const report: ReproductionReport = {
    settings: {
      ...settings,
      experiment: options.experiment,
      seeds,
      datasets: datasets.map((d) => ({
        id: d.id,
        maxLength: d.maxLength,
        epochs: epochsOf(d),
      })),
      cell,
      glove: options.glove ?? null,
      limit: options.limit ?? null,
      table3Sizes: TABLE3_SIZES,
    },
    backend: choice.summary,
    table2: [],
    table3: [],
    startedAt: new Date(started).toISOString(),
    seconds: 0,
    loadAverageAtStart: load,
  };
  const save = async () => {
    report.seconds = (Date.now() - started) / 1000;
    return writeReport(options.out, report);
  };
  const lineups = datasets.map((d) =>
    withCell(selectVariants(table2Lineup(d.maxLength), models, d.maxLength), cell),
  );
  let clock: RunClock | undefined;
  if (datasets.length > 0) {
    const plan = await planExperiment(
      {
        datasets: datasets.map((d, i) => ({
          id: d.id,
          maxLength: d.maxLength,
          epochs: epochsOf(d),
          variants: lineups[i]!,
        })),
        vocabulary: settings.vocabulary,
        embeddingDim: settings.embeddingDim,
        units: settings.units,
        batchSize: settings.batchSize,
        seed: settings.seed,
        seeds,
        ...(options.limit ? { limit: options.limit } : {}),
        runsDir: `${options.out}/runs`,
      },
      estimateSteps,
    );
    for (const line of planLines(plan, settings.batchSize)) log(line);
    if (withTable3)
      log(
        `  then table 3: timed steps at T = ${settings.table3Lengths.join(', ')}, each GRU length skipped when its predicted time exceeds ${settings.maxSeconds} s`,
      );
    report.plan = plan;
    clock = new RunClock(plan);
  }
  for (const [index, dataset] of datasets.entries()) {
    const variants = lineups[index]!;
    const result: Table2DatasetResult = await runTable2Dataset({
      id: dataset.id,
      source: dataset.source,
      maxLength: dataset.maxLength,
      vocabulary: settings.vocabulary,
      embeddingDim: settings.embeddingDim,
      units: settings.units,
      epochs: epochsOf(dataset),
      batchSize: settings.batchSize,
      learningRate: settings.learningRate,
      seed: settings.seed,
      seeds,
      ...(options.glove ? { glove: options.glove } : {}),
      ...(options.limit ? { limit: options.limit } : {}),
      variants,
      outDir: `${options.out}/runs`,
      progress: options.progress,
      log,
      ...(clock ? { clock } : {}),
    });
    report.table2.push(result);
    await save();
    if (result.interrupted)
      return { report, markdown: await save(), interrupted: result.interrupted };
  }
  if (withTable3) {
    const rows: Table3Row[] = await runTable3({
      lengths: settings.table3Lengths,
      batchSize: settings.table3Batch,
      steps: settings.table3Steps,
      maxSeconds: settings.maxSeconds,
      documents: 5120,
      ...TABLE3_SIZES,
      seed: settings.seed,
      log,
    });
    report.table3 = rows;
  }
  return { report, markdown: await save() };
}
