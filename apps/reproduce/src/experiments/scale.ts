/**
 * `pnpm reproduce --experiment scale`: the paper's largest run checked on this machine without a
 * download. It generates a synthetic data set with the shape of one of the paper's (Amazon_F by
 * default: 3,650,000 documents, table 1's lengths and vocabulary), prepares it as a real run
 * would, trains SRNN(8,2) for a fixed number of steps through the real training loop, stops it
 * (which writes a checkpoint), evaluates a model on the full validation split, and projects one
 * epoch (steps x the median step, plus validation, plus one checkpoint) beside the paper's
 * GPU epoch. Not part of the test suite at full size.
 */
import * as tf from '@tensorflow/tfjs';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PAPER_DATASETS, type PaperDatasetId } from '@srnn/datasets';
import { evaluateClassifier, median, type StepInfo } from '@srnn/eval';
import { buildClassifier } from '@srnn/model';
import { prepareData, trainModel } from '@srnn/pipeline';
import { PAPER_DATASET_NAMES, PAPER_HARDWARE, paperRowsFor } from '../paper';

/** Writes a synthetic data set of `documents` documents shaped like `dataset` into `dir`. */
export type SyntheticGenerator = (options: {
  dataset: PaperDatasetId;
  out: string;
  documents: number;
  seed: number;
}) => Promise<{ documents: number; files: string[] }>;

export interface ScaleOptions {
  dataset: PaperDatasetId;
  /** Documents to generate (default: the paper's table 1 count). */
  documents?: number;
  /** Timed training steps (after the first, which warms up). */
  steps: number;
  /** Where the synthetic files go; a folder that already holds them is reused. */
  dataDir: string;
  /** Where the stopped run's checkpoint goes (removed afterwards). */
  workDir: string;
  vocabulary: number;
  embeddingDim: number;
  units: number;
  batchSize: number;
  seed: number;
  spec: string;
  generate: SyntheticGenerator;
  log: (line: string) => void;
}

export interface ScaleReport {
  dataset: PaperDatasetId;
  documents: number;
  /** Synthetic data: generated here, or found from an earlier run. */
  generated: boolean;
  generationSeconds?: number;
  preparationSeconds: number;
  split: [number, number, number];
  maxLength: number;
  spec: string;
  batchSize: number;
  stepsTimed: number;
  msPerStep: number;
  stepsPerEpoch: number;
  validationSeconds: number;
  checkpointSeconds: number;
  /** stepsPerEpoch x msPerStep + validation + one checkpoint. */
  projectedEpochSeconds: number;
  paperEpochSeconds?: number;
  paperHardware: string;
  /** Peak resident memory after each stage (the process's high-water mark), MiB. */
  peakRssMiB: {
    afterGeneration: number;
    afterPreparation: number;
    afterTraining: number;
    afterValidation: number;
  };
}

const peakRssMiB = () => process.resourceUsage().maxRSS / 1024;
const seconds = (from: number) => (performance.now() - from) / 1000;

export async function runScale(options: ScaleOptions): Promise<ScaleReport> {
  const info = PAPER_DATASETS[options.dataset];
  const documents = options.documents ?? info.documents;
  const { log } = options;
  // 1. The synthetic files (kept between runs: generating millions of documents takes minutes).
  let generationSeconds: number | undefined;
  // A marker written after generation says how many documents the folder holds.
  const marker = join(options.dataDir, '.scale-documents');
  const held = existsSync(marker) ? (await readFile(marker, 'utf8')).trim() : undefined;
  const generated = held !== String(documents);
  if (generated) {
    log(
      `scale: generating a synthetic ${info.name} of ${documents.toLocaleString('en')} documents in ${options.dataDir}`,
    );
    const started = performance.now();
    await rm(options.dataDir, { recursive: true, force: true });
    await options.generate({
      dataset: options.dataset,
      out: options.dataDir,
      documents,
      seed: options.seed,
    });
    generationSeconds = seconds(started);
    await writeFile(marker, String(documents));
  } else {
    log(`scale: reusing the synthetic ${info.name} in ${options.dataDir}`);
  }
  const afterGeneration = peakRssMiB();
  // 2. Preparation, as `pnpm reproduce --dataset` does it.
  let started = performance.now();
  const data = await prepareData(
    { kind: 'paper', id: options.dataset, dir: options.dataDir },
    {
      maxLength: info.maxLen,
      vocabulary: options.vocabulary,
      seed: options.seed,
      onInvalid: 'skip',
    },
  );
  const preparationSeconds = seconds(started);
  const afterPreparation = peakRssMiB();
  const split: [number, number, number] = [
    data.train.shape[0],
    data.validation.shape[0],
    data.test.shape[0],
  ];
  log(
    `scale: prepared ${split.join('/')} documents at T = ${data.maxLength} in ${preparationSeconds.toFixed(1)} s`,
  );
  // 3. Training: the real loop, stopped after the timed steps (the stop writes a checkpoint).
  const stamps: number[] = [];
  const signal = { aborted: false };
  let stoppedAt = 0;
  await mkdir(options.workDir, { recursive: true });
  const outDir = join(options.workDir, 'scale-run');
  await rm(outDir, { recursive: true, force: true });
  try {
    started = performance.now();
    stamps.push(started);
    const outcome = await trainModel({
      data,
      model: {
        architecture: 'srnn',
        spec: options.spec,
        cell: 'gru',
        units: options.units,
        embeddingDim: options.embeddingDim,
      },
      training: { epochs: 1, batchSize: options.batchSize, seed: options.seed },
      outDir,
      progress: 'none',
      handleSignals: false,
      signal,
      onStepEnd: (step: StepInfo) => {
        stamps.push(performance.now());
        if (step.globalStep >= options.steps + 1 && !signal.aborted) {
          signal.aborted = true;
          stoppedAt = performance.now();
        }
      },
    });
    if (outcome.status !== 'interrupted' && stamps.length <= options.steps + 1) {
      log('scale: the epoch ended before the timed steps did; the figures cover what ran');
    }
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
  const checkpointSeconds = stoppedAt > 0 ? seconds(stoppedAt) : 0;
  const afterTraining = peakRssMiB();
  // Step times between successive steps, the first (warm-up) left out.
  const steps = stamps
    .slice(1)
    .map((t, i) => t - stamps[i]!)
    .slice(1);
  const msPerStep = median(steps);
  // 4. Validation over the whole split (its time does not depend on the weights).
  const model = buildClassifier({
    architecture: 'srnn',
    slicing: options.spec,
    vocabularySize: data.vocabularySize,
    embeddingDim: options.embeddingDim,
    maxLength: data.maxLength,
    units: options.units,
    classes: data.classes,
    seed: options.seed,
  });
  try {
    started = performance.now();
    await evaluateClassifier(model, data.validation, { batchSize: options.batchSize });
  } finally {
    model.dispose();
  }
  const validationSeconds = seconds(started);
  const stepsPerEpoch = Math.ceil(split[0] / options.batchSize);
  const paper = paperRowsFor(PAPER_DATASET_NAMES[options.dataset]!).get(options.spec);
  if (tf.memory().numTensors > 1000) log(`scale: warning: ${tf.memory().numTensors} tensors alive`);
  return {
    dataset: options.dataset,
    documents,
    generated,
    ...(generationSeconds !== undefined ? { generationSeconds } : {}),
    preparationSeconds,
    split,
    maxLength: data.maxLength,
    spec: options.spec,
    batchSize: options.batchSize,
    stepsTimed: steps.length,
    msPerStep,
    stepsPerEpoch,
    validationSeconds,
    checkpointSeconds,
    projectedEpochSeconds:
      (stepsPerEpoch * msPerStep) / 1000 + validationSeconds + checkpointSeconds,
    ...(paper ? { paperEpochSeconds: paper.secondsPerEpoch } : {}),
    paperHardware: PAPER_HARDWARE,
    peakRssMiB: {
      afterGeneration,
      afterPreparation,
      afterTraining,
      afterValidation: peakRssMiB(),
    },
  };
}
