/**
 * `pnpm reproduce --experiment scale`: the paper's largest run checked on this machine without a
 * download. It generates a synthetic data set with the shape of one of the paper's (Amazon_F by
 * default: 3,650,000 documents, table 1's lengths and vocabulary), or reuses a folder the
 * generator wrote with the same documents and seed; prepares it as a paper run does (compact ids,
 * two passes, each document's ids without padding, splits as views of them); then, for the paper's computation and for the
 * skipping-padding option in turn, trains SRNN(8,2) for a fixed number of steps through the real
 * training loop, stops it (which writes a checkpoint), evaluates a model on the full validation
 * split, and projects one epoch (steps x the median step, plus validation, plus one checkpoint)
 * beside the paper's GPU epoch. Peak RSS is read after each stage. Not part of the test suite at
 * full size.
 */
import * as tf from '@tensorflow/tfjs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { PAPER_DATASETS, type PaperDatasetId } from '@srnn/datasets';
import { defaultEvaluationBatchSize, evaluateClassifier, median, type StepInfo } from '@srnn/eval';
import { buildClassifier } from '@srnn/model';
import { prepareData, trainModel, type PreparedData } from '@srnn/pipeline';
import { PAPER_DATASET_NAMES, PAPER_HARDWARE, paperRowsFor } from '../paper';
import { planScaleData } from './scale-data';

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
  /** Timed training steps of each computation, split into SCALE_ROUNDS rounds (each after a warm-up step). */
  steps: number;
  /**
   * Where the synthetic files go: a folder the generator wrote with the same data set, documents
   * and seed (its SYNTHETIC-DATA.md says) is reused; an empty or new one is filled.
   */
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

/** One way of computing SRNN(8,2), timed and projected. */
export interface ScaleVariant {
  /** "paper computation" (every subsequence) or "skipping padding" (the model option). */
  label: string;
  skipPadding: boolean;
  stepsTimed: number;
  /** Rounds the steps were timed in, taken in turns with the other computation's. */
  rounds?: number;
  msPerStep: number;
  validationSeconds: number;
  checkpointSeconds: number;
  /** stepsPerEpoch x msPerStep + validation + one checkpoint. */
  projectedEpochSeconds: number;
  /**
   * The same at the paper's document count (steps and validation rows scaled by the split's
   * shares): what compares with the paper's epoch when fewer documents were generated.
   */
  projectedPaperEpochSeconds: number;
  /** Peak resident memory (the process's high-water mark), MiB. */
  peakRssMiB: { afterTraining: number; afterValidation: number };
}

export interface ScaleReport {
  dataset: PaperDatasetId;
  documents: number;
  /** The paper's document count for this data set (table 1). */
  paperDocuments: number;
  /** Synthetic data: generated here, or found from an earlier run. */
  generated: boolean;
  generationSeconds?: number;
  preparationSeconds: number;
  /** How the source was read (2: twice, keeping no tokens). */
  passes: 1 | 2;
  /** The element type of the one ragged matrix all splits are views of. */
  ids: 'Uint16Array' | 'Int32Array';
  /** The ragged matrix's size, MiB: every document's ids (no padding) plus its row offset. */
  matrixMiB: number;
  /**
   * Ids stored per document on average (after truncation to T, without padding); absent in
   * reports written when the matrix was stored padded.
   */
  idsPerDocument?: number;
  split: [number, number, number];
  maxLength: number;
  spec: string;
  batchSize: number;
  stepsPerEpoch: number;
  /** The paper's computation first, then skipping padding. */
  variants: ScaleVariant[];
  paperEpochSeconds?: number;
  paperHardware: string;
  /** Peak resident memory after the data stages (the process's high-water mark), MiB. */
  peakRssMiB: { afterGeneration: number; afterPreparation: number; atEnd: number };
  /**
   * The peak at the end plus what each further document adds (its ids at this run's mean, its row
   * offset, label, row index and place in the shuffled order), at Amazon_P's 4,000,000 documents:
   * a linear projection, not a measurement (the tokenizer's word counts grow too, more slowly).
   */
  projectedPeakRssMiB: { documents: number; mib: number };
}

const MIB = 1024 * 1024;
const peakRssMiB = () => process.resourceUsage().maxRSS / 1024;
const seconds = (from: number) => (performance.now() - from) / 1000;
/** Amazon_P, the paper's largest data set: the size the memory target is set for. */
const PROJECTED_DOCUMENTS = 4_000_000;

export async function runScale(options: ScaleOptions): Promise<ScaleReport> {
  const info = PAPER_DATASETS[options.dataset];
  const documents = options.documents ?? info.documents;
  const { log } = options;
  // 1. The synthetic files (kept between runs: generating millions of documents takes minutes).
  let generationSeconds: number | undefined;
  const plan = await planScaleData(options.dataDir, {
    dataset: options.dataset,
    documents,
    seed: options.seed,
  });
  if (!plan.reuse) {
    log(
      `scale: generating a synthetic ${info.name} of ${documents.toLocaleString('en')} documents in ${options.dataDir}`,
    );
    const started = performance.now();
    await options.generate({
      dataset: options.dataset,
      out: options.dataDir,
      documents,
      seed: options.seed,
    });
    generationSeconds = seconds(started);
  } else {
    log(`scale: reusing the synthetic ${info.name} in ${options.dataDir}`);
  }
  const afterGeneration = peakRssMiB();
  // 2. Preparation, as `pnpm reproduce --dataset` does it for the paper's data sets.
  const passes = 2;
  const started = performance.now();
  const data = await prepareData(
    { kind: 'paper', id: options.dataset, dir: options.dataDir },
    {
      maxLength: info.maxLen,
      vocabulary: options.vocabulary,
      seed: options.seed,
      onInvalid: 'skip',
      passes,
    },
  );
  const preparationSeconds = seconds(started);
  const afterPreparation = peakRssMiB();
  const split: [number, number, number] = [
    data.train.shape[0],
    data.validation.shape[0],
    data.test.shape[0],
  ];
  const ids = data.train.x;
  const matrixBytes = ids.byteLength + (data.train.offsets?.byteLength ?? 0);
  const prepared = split[0] + split[1] + split[2];
  log(
    `scale: prepared ${split.join('/')} documents at T = ${data.maxLength} in ${preparationSeconds.toFixed(1)} s (${ids.constructor.name}, ${(ids.length / prepared).toFixed(1)} ids a document, ${(matrixBytes / MIB).toFixed(0)} MiB, peak RSS ${afterPreparation.toFixed(0)} MiB)`,
  );
  // 3. Both computations in alternating rounds of steps, the order turned round each round (the
  // paper's, skipping padding, skipping padding, the paper's), so that a slower stretch of a shared
  // machine, or a cost of going first or second, falls on both; then each one validated.
  const timings = new Map<boolean, StepTimings>();
  const roundSteps = Math.ceil(options.steps / SCALE_ROUNDS);
  for (let round = 0; round < SCALE_ROUNDS; round += 1) {
    for (const skipPadding of round % 2 === 0 ? [false, true] : [true, false]) {
      const timed = await timeSteps(options, data, skipPadding, roundSteps);
      log(
        `scale: round ${round + 1} of ${SCALE_ROUNDS}, ${skipPadding ? 'skipping padding' : 'paper computation'}: ${timed.stepsMs.length} steps, median ${median(timed.stepsMs).toFixed(1)} ms`,
      );
      const sofar = timings.get(skipPadding);
      timings.set(skipPadding, {
        stepsMs: [...(sofar?.stepsMs ?? []), ...timed.stepsMs],
        checkpointSeconds: [...(sofar?.checkpointSeconds ?? []), ...timed.checkpointSeconds],
        peakRssMiB: timed.peakRssMiB,
      });
    }
  }
  const variants: ScaleVariant[] = [];
  for (const skipPadding of [false, true]) {
    const variant = await finishVariant(
      options,
      data,
      skipPadding,
      timings.get(skipPadding)!,
      info.documents / documents,
    );
    log(
      `scale: ${variant.label}: ${variant.msPerStep.toFixed(1)} ms per step, validation ${variant.validationSeconds.toFixed(1)} s, projected epoch ${variant.projectedEpochSeconds.toFixed(0)} s`,
    );
    variants.push(variant);
  }
  const stepsPerEpoch = Math.ceil(split[0] / options.batchSize);
  const paper = paperRowsFor(PAPER_DATASET_NAMES[options.dataset]!).get(options.spec);
  if (tf.memory().numTensors > 1000) log(`scale: warning: ${tf.memory().numTensors} tensors alive`);
  const atEnd = peakRssMiB();
  // Per document: its ids and row offset, its label (encoded and in its split), its row index, its place in the order.
  const bytesPerDocument = matrixBytes / prepared + 4 * 4;
  return {
    dataset: options.dataset,
    documents,
    paperDocuments: info.documents,
    generated: !plan.reuse,
    ...(generationSeconds !== undefined ? { generationSeconds } : {}),
    preparationSeconds,
    passes,
    ids: ids instanceof Uint16Array ? 'Uint16Array' : 'Int32Array',
    matrixMiB: matrixBytes / MIB,
    idsPerDocument: ids.length / prepared,
    split,
    maxLength: data.maxLength,
    spec: options.spec,
    batchSize: options.batchSize,
    stepsPerEpoch,
    variants,
    ...(paper ? { paperEpochSeconds: paper.secondsPerEpoch } : {}),
    paperHardware: PAPER_HARDWARE,
    peakRssMiB: { afterGeneration, afterPreparation, atEnd },
    projectedPeakRssMiB: {
      documents: PROJECTED_DOCUMENTS,
      mib: atEnd + (Math.max(0, PROJECTED_DOCUMENTS - documents) * bytesPerDocument) / MIB,
    },
  };
}

/** Rounds of timed steps per computation, taken in turns (see runScale). */
export const SCALE_ROUNDS = 2;

/** What the rounds of one computation measured. */
interface StepTimings {
  /** Each timed step's ms (every round's warm-up step left out). */
  stepsMs: number[];
  /** Each round's checkpoint, written when its run was stopped. */
  checkpointSeconds: number[];
  peakRssMiB: number;
}

/**
 * Trains `spec` for a warm-up step and `steps` timed steps through the real loop (stopping it
 * writes a checkpoint).
 */
async function timeSteps(
  options: ScaleOptions,
  data: PreparedData,
  skipPadding: boolean,
  steps: number,
): Promise<StepTimings> {
  const stamps: number[] = [];
  const signal = { aborted: false };
  let stoppedAt = 0;
  await mkdir(options.workDir, { recursive: true });
  const outDir = join(options.workDir, 'scale-run');
  await rm(outDir, { recursive: true, force: true });
  try {
    stamps.push(performance.now());
    const outcome = await trainModel({
      data,
      model: {
        architecture: 'srnn',
        spec: options.spec,
        cell: 'gru',
        units: options.units,
        embeddingDim: options.embeddingDim,
        ...(skipPadding ? { skipPadding: true } : {}),
      },
      training: { epochs: 1, batchSize: options.batchSize, seed: options.seed },
      outDir,
      progress: 'none',
      handleSignals: false,
      signal,
      onStepEnd: (step: StepInfo) => {
        stamps.push(performance.now());
        if (step.globalStep >= steps + 1 && !signal.aborted) {
          signal.aborted = true;
          stoppedAt = performance.now();
        }
      },
    });
    if (outcome.status !== 'interrupted' && stamps.length <= steps + 1) {
      options.log('scale: the epoch ended before the timed steps did; the figures cover what ran');
    }
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
  return {
    // Step times between successive steps, the first (warm-up) left out.
    stepsMs: stamps
      .slice(1)
      .map((t, i) => t - stamps[i]!)
      .slice(1),
    checkpointSeconds: stoppedAt > 0 ? [seconds(stoppedAt)] : [],
    peakRssMiB: peakRssMiB(),
  };
}

/**
 * One computation's figures: its steps' median, then a model of the same computation evaluated
 * over the whole validation split, and the epoch projected from both.
 */
async function finishVariant(
  options: ScaleOptions,
  data: PreparedData,
  skipPadding: boolean,
  timings: StepTimings,
  /** The paper's documents over the documents here. */
  toPaperSize: number,
): Promise<ScaleVariant> {
  const msPerStep = median(timings.stepsMs);
  const checkpointSeconds =
    timings.checkpointSeconds.length > 0 ? median(timings.checkpointSeconds) : 0;
  // Validation over the whole split, streamed in batches (its time does not depend on the weights).
  const model = buildClassifier({
    architecture: 'srnn',
    slicing: options.spec,
    vocabularySize: data.vocabularySize,
    embeddingDim: options.embeddingDim,
    maxLength: data.maxLength,
    units: options.units,
    classes: data.classes,
    seed: options.seed,
    skipPadding,
  });
  let validationSeconds: number;
  try {
    const started = performance.now();
    // In passes as a training run's validation makes them (its default evaluation batch).
    await evaluateClassifier(model, data.validation, {
      batchSize: defaultEvaluationBatchSize(options.batchSize, data.maxLength),
    });
    validationSeconds = seconds(started);
  } finally {
    model.dispose();
  }
  const stepsPerEpoch = Math.ceil(data.train.shape[0] / options.batchSize);
  const paperSteps = Math.ceil((data.train.shape[0] * toPaperSize) / options.batchSize);
  return {
    label: skipPadding ? 'skipping padding' : 'paper computation',
    skipPadding,
    stepsTimed: timings.stepsMs.length,
    rounds: SCALE_ROUNDS,
    msPerStep,
    validationSeconds,
    checkpointSeconds,
    projectedEpochSeconds:
      (stepsPerEpoch * msPerStep) / 1000 + validationSeconds + checkpointSeconds,
    projectedPaperEpochSeconds:
      (paperSteps * msPerStep) / 1000 + validationSeconds * toPaperSize + checkpointSeconds,
    peakRssMiB: { afterTraining: timings.peakRssMiB, afterValidation: peakRssMiB() },
  };
}
