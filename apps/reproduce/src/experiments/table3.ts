/**
 * Table 3 of the paper: training time against sequence length, SRNN(8,k) against the standard GRU.
 *
 * The paper trained on 5,120 documents and reported seconds. Here every model trains for a few
 * measured steps on one batch of random token ids (step time does not depend on the token values),
 * and the time for 5,120 documents is the median step time times the number of batches. That is an
 * extrapolation from measured steps and is labelled as one wherever it is printed.
 */
import * as tf from '@tensorflow/tfjs';
import { buildClassifier } from '@srnn/model';
import { timeTrainingSteps } from '@srnn/eval';
import { formatSpec, plan } from '@srnn/slicing';
import { PAPER_TABLE3 } from '../paper';

export interface Table3Options {
  lengths: number[];
  batchSize: number;
  /** Timed steps per model (after one warm-up step). */
  steps: number;
  /** Skip the GRU at a length when a previous GRU step predicts more than this many seconds. */
  maxSeconds: number;
  documents: number;
  vocabulary: number;
  embeddingDim: number;
  units: number;
  classes: number;
  seed: number;
  log: (line: string) => void;
}

export interface Table3Row {
  sequenceLength: number;
  srnn: string;
  srnnMsPerStep: number;
  /** undefined when the GRU was skipped because it would exceed the time budget. */
  gruMsPerStep?: number;
  gruSkippedReason?: string;
  srnnSeconds: number;
  gruSeconds?: number;
  speedup?: number;
  batchSize: number;
  stepsMeasured: number;
  paper?: { srnnSeconds: number; gruSeconds: number; speedup: number };
}

/** SRNN(8,k) with minimal subsequences of length 8 at T = 8^(k+1), as in the paper's table 3. */
export function table3Spec(length: number): string {
  let k = 0;
  while (8 ** (k + 2) <= length) k += 1;
  return formatSpec(plan({ length, slices: 8, depth: Math.max(k, 1) }).slices);
}

function randomBatch(
  rows: number,
  length: number,
  vocabulary: number,
  classes: number,
  seed: number,
) {
  // A small LCG keeps the batch identical across runs without touching tf's global RNG.
  let state = seed >>> 0 || 1;
  const next = () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0);
  const x = new Int32Array(rows * length);
  for (let i = 0; i < x.length; i++) x[i] = 1 + (next() % (vocabulary - 1));
  const y = new Int32Array(rows);
  for (let i = 0; i < rows; i++) y[i] = next() % classes;
  return { x, shape: [rows, length] as [number, number], y };
}

async function timeModel(
  architecture: 'srnn' | 'rnn',
  spec: string | undefined,
  length: number,
  options: Table3Options,
  steps: number,
): Promise<number> {
  const model = buildClassifier({
    architecture,
    ...(spec ? { slicing: spec } : {}),
    vocabularySize: options.vocabulary,
    embeddingDim: options.embeddingDim,
    maxLength: length,
    units: options.units,
    classes: options.classes,
    seed: options.seed,
  });
  const batch = randomBatch(
    options.batchSize,
    length,
    options.vocabulary,
    options.classes,
    options.seed,
  );
  try {
    const timing = await timeTrainingSteps(model, batch, { steps, warmup: 1 });
    return timing.medianMs;
  } finally {
    model.dispose();
  }
}

export async function runTable3(options: Table3Options): Promise<Table3Row[]> {
  const rows: Table3Row[] = [];
  const batches = Math.ceil(options.documents / options.batchSize);
  let gruMsPerToken: number | undefined;
  for (const length of options.lengths) {
    const spec = table3Spec(length);
    options.log(
      `table 3: T = ${length}: timing ${spec} (${options.steps} steps at batch ${options.batchSize})`,
    );
    const srnnMs = await timeModel('srnn', spec, length, options, options.steps);
    const row: Table3Row = {
      sequenceLength: length,
      srnn: spec,
      srnnMsPerStep: srnnMs,
      srnnSeconds: (srnnMs * batches) / 1000,
      batchSize: options.batchSize,
      stepsMeasured: options.steps,
    };
    // The GRU's step time grows about linearly with T: predict it from the last measured length
    // and skip lengths whose warm-up plus measured steps would not fit the budget.
    const predictedGruMs = gruMsPerToken === undefined ? undefined : gruMsPerToken * length;
    const gruSteps = Math.max(1, Math.min(options.steps, 2));
    if (
      predictedGruMs !== undefined &&
      (predictedGruMs * (gruSteps + 1)) / 1000 > options.maxSeconds
    ) {
      row.gruSkippedReason = `predicted ${(predictedGruMs / 1000).toFixed(0)} s per step x ${gruSteps + 1} steps exceeds --max-seconds ${options.maxSeconds}`;
      options.log(`table 3: T = ${length}: GRU skipped (${row.gruSkippedReason})`);
    } else {
      options.log(
        `table 3: T = ${length}: timing GRU (${gruSteps} steps at batch ${options.batchSize})`,
      );
      const gruMs = await timeModel('rnn', undefined, length, options, gruSteps);
      gruMsPerToken = gruMs / length;
      row.gruMsPerStep = gruMs;
      row.gruSeconds = (gruMs * batches) / 1000;
      row.speedup = gruMs / srnnMs;
    }
    const paper = PAPER_TABLE3.rows.find((r) => r.sequenceLength === length);
    if (paper)
      row.paper = {
        srnnSeconds: paper.srnnSeconds,
        gruSeconds: paper.gruSeconds,
        speedup: paper.speedup,
      };
    rows.push(row);
    options.log(
      `table 3: T = ${length}: ${spec} ${srnnMs.toFixed(0)} ms/step` +
        (row.gruMsPerStep !== undefined
          ? `, GRU ${row.gruMsPerStep.toFixed(0)} ms/step, ${row.speedup?.toFixed(1)}x`
          : ''),
    );
    if (tf.memory().numTensors > 10_000)
      options.log(`warning: ${tf.memory().numTensors} tensors alive`);
  }
  return rows;
}
