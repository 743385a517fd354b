/**
 * What `pnpm reproduce` is about to run and how long it should take, worked out before any data is
 * read: documents per data set (the bundled corpus's count, or the paper's table 1 for the paper's
 * data sets), the 80/10/10 split, steps per epoch, and per model an estimated duration from timed
 * warm-up steps (see step-estimate.ts). Models a previous run finished are kept and cost nothing.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { runFolder } from '../run-folder';
import { formatDuration } from '@srnn/eval';
import { listCorpora, PAPER_DATASETS, type PaperDatasetId } from '@srnn/datasets';
import { MANIFEST_FILE } from '@srnn/bundle';
import { RUN_FILES } from '@srnn/pipeline';
import type { ModelVariant } from '../lineup';
import { grouped } from '../docs/markdown';
import { ESTIMATE_STEPS, type EstimateSizes, type StepEstimate } from './step-estimate';

export interface PlannedModel {
  dataset: string;
  label: string;
  /** The training seed, when each model trains with several (one planned model per seed). */
  seed?: number;
  epochs: number;
  stepsPerEpoch: number;
  /** Undefined when a previous run finished this model: it is kept, not trained again. */
  estimate?: StepEstimate;
  /** Estimated seconds: epochs x (steps x step + validation batches x evaluation) + test batches x evaluation. */
  seconds: number;
}

export interface PlannedDataset {
  id: string;
  documents: number;
  /** Where the count comes from: the bundled corpus, or the paper's table 1 (files may differ). */
  countedFrom: 'corpus' | "the paper's table 1";
  split: [number, number, number];
  maxLength: number;
  classes: number;
  epochs: number;
  models: PlannedModel[];
}

export interface ExperimentPlan {
  datasets: PlannedDataset[];
  seconds: number;
}

export interface PlanInput {
  datasets: { id: string; maxLength: number; epochs: number; variants: ModelVariant[] }[];
  vocabulary: number;
  embeddingDim: number;
  units: number;
  batchSize: number;
  seed: number;
  /** Training seeds when each model trains more than once; absent or one seed: one run each. */
  seeds?: number[];
  limit?: number;
  /** The runs folder (`<out>/runs`): a model finished there (a bundle, or a run of an earlier version) is kept. */
  runsDir: string;
}

/** Documents and classes of a data set before reading it. */
function countOf(id: string): {
  documents: number;
  classes: number;
  countedFrom: PlannedDataset['countedFrom'];
} {
  const paper = PAPER_DATASETS[id as PaperDatasetId];
  if (paper)
    return {
      documents: paper.documents,
      classes: paper.classes,
      countedFrom: "the paper's table 1",
    };
  const corpus = listCorpora().find((c) => c.id === id);
  if (!corpus) throw new Error(`no document count known for data set '${id}'`);
  return { documents: corpus.documents, classes: corpus.classes.length, countedFrom: 'corpus' };
}

/** The run's split: validation and test floor(n / 10) each, training the rest. */
export function splitOf(documents: number): [number, number, number] {
  const tenth = Math.floor(documents * 0.1);
  return [documents - 2 * tenth, tenth, tenth];
}

/** Estimated seconds of one model from its timed steps. */
export function modelSeconds(
  estimate: StepEstimate,
  epochs: number,
  split: [number, number, number],
  batchSize: number,
): number {
  const steps = Math.ceil(split[0] / batchSize);
  const validation = Math.ceil(split[1] / batchSize);
  const test = Math.ceil(split[2] / batchSize);
  return (
    (epochs * (steps * estimate.msPerStep + validation * estimate.msPerEvaluationBatch) +
      test * estimate.msPerEvaluationBatch) /
    1000
  );
}

export async function planExperiment(
  input: PlanInput,
  estimate: (variant: ModelVariant, sizes: EstimateSizes) => Promise<StepEstimate>,
): Promise<ExperimentPlan> {
  const datasets: PlannedDataset[] = [];
  for (const d of input.datasets) {
    const count = countOf(d.id);
    const documents = Math.min(count.documents, input.limit ?? Infinity);
    const split = splitOf(documents);
    const models: PlannedModel[] = [];
    const seeds: (number | undefined)[] =
      input.seeds && input.seeds.length > 1 ? input.seeds : [undefined];
    for (const variant of d.variants) {
      const stepsPerEpoch = Math.ceil(split[0] / input.batchSize);
      // One estimate per model: the seed does not change the step's cost.
      let e: StepEstimate | undefined;
      for (const seed of seeds) {
        const planned = {
          dataset: d.id,
          label: variant.label,
          ...(seed !== undefined ? { seed } : {}),
          epochs: d.epochs,
          stepsPerEpoch,
        };
        const folder = runFolder(input.runsDir, d.id, variant.label, seed);
        // bundle.json is written last, when a model is complete; report.json by earlier versions.
        if (existsSync(join(folder, MANIFEST_FILE)) || existsSync(join(folder, RUN_FILES.report))) {
          models.push({ ...planned, seconds: 0 });
          continue;
        }
        e ??= await estimate(variant, {
          maxLength: d.maxLength,
          vocabulary: input.vocabulary,
          embeddingDim: input.embeddingDim,
          units: input.units,
          classes: count.classes,
          batchSize: input.batchSize,
          seed: input.seed,
        });
        models.push({
          ...planned,
          estimate: e,
          seconds: modelSeconds(e, d.epochs, split, input.batchSize),
        });
      }
    }
    datasets.push({
      id: d.id,
      documents,
      countedFrom: count.countedFrom,
      split,
      maxLength: d.maxLength,
      classes: count.classes,
      epochs: d.epochs,
      models,
    });
  }
  const seconds = datasets.reduce((s, d) => s + d.models.reduce((t, m) => t + m.seconds, 0), 0);
  return { datasets, seconds };
}

/** The plan as printed before training, with the basis of its estimates. */
export function planLines(plan: ExperimentPlan, batchSize: number): string[] {
  const lines = [
    `reproduce: plan. Durations are estimates: ${ESTIMATE_STEPS.warmup} warm-up and ${ESTIMATE_STEPS.timed} timed training steps of each model on random ids at its data set's sizes (batch ${batchSize}), and one timed evaluation batch; per model, epochs x (steps x step time + validation batches x evaluation time) + test batches x evaluation time. Data preparation is not included.`,
  ];
  const nameOf = (m: PlannedModel) =>
    m.seed === undefined ? m.label : `${m.label} seed ${m.seed}`;
  const width = Math.max(...plan.datasets.flatMap((d) => d.models.map((m) => nameOf(m).length)));
  for (const d of plan.datasets) {
    lines.push(
      `  ${d.id}: ${grouped(d.documents)} documents (${d.countedFrom === 'corpus' ? 'bundled corpus' : "the paper's table 1; your files may hold fewer"}), split ${d.split.map((n) => grouped(n)).join('/')}, T = ${d.maxLength}: ${grouped(d.models[0]?.stepsPerEpoch ?? 0)} steps of ${batchSize} per epoch, ${d.epochs} epochs`,
    );
    for (const m of d.models) {
      const name = nameOf(m).padEnd(width);
      if (!m.estimate) {
        lines.push(`    ${name}  finished by an earlier run: kept`);
        continue;
      }
      lines.push(
        `    ${name}  ${grouped(m.estimate.msPerStep).padStart(6)} ms/step  about ${formatDuration(m.seconds / m.epochs)} per epoch, ${formatDuration(m.seconds)} in all`,
      );
    }
  }
  lines.push(`  table 2 in all: about ${formatDuration(plan.seconds)}`);
  return lines;
}
