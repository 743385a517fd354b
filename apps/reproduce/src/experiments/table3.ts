/**
 * Table 3 of the paper: training time against sequence length, SRNN(8,k) against the standard GRU.
 *
 * The paper trained on 5,120 documents and reported seconds. Here every model trains for a few
 * measured steps on one batch of random token ids (step time does not depend on the token values),
 * and the time for 5,120 documents is the median step time times the number of batches. That is an
 * extrapolation from measured steps and is labelled as one wherever it is printed.
 */
import * as tf from '@tensorflow/tfjs';
import { predictedTimingSeconds } from '@srnn/eval';
import { formatSpec, plan } from '@srnn/slicing';
import { timeSpeedModel } from './timing';
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
  /** TensorFlow.js's own tf.layers.gru: what the paper's comparison (a standard GRU) looks like here. */
  tfjsGruMsPerStep?: number;
  tfjsGruSeconds?: number;
  speedupVsTfjs?: number;
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

/** A GRU baseline of table 3: this project's (fused recurrence) or TensorFlow.js's tf.layers.gru. */
interface Baseline {
  kind: 'gru' | 'tfjs-gru';
  label: string;
  msPerToken?: number;
}

export async function runTable3(options: Table3Options): Promise<Table3Row[]> {
  const rows: Table3Row[] = [];
  const batches = Math.ceil(options.documents / options.batchSize);
  const baselines: Baseline[] = [
    { kind: 'gru', label: 'GRU' },
    { kind: 'tfjs-gru', label: 'GRU (tf.layers)' },
  ];
  for (const length of options.lengths) {
    const spec = table3Spec(length);
    options.log(
      `table 3: T = ${length}: timing ${spec} (${options.steps} steps at batch ${options.batchSize})`,
    );
    const srnnMs = await timeSpeedModel(
      { kind: 'srnn', spec },
      length,
      options.batchSize,
      options,
      options.steps,
    );
    const row: Table3Row = {
      sequenceLength: length,
      srnn: spec,
      srnnMsPerStep: srnnMs,
      srnnSeconds: (srnnMs * batches) / 1000,
      batchSize: options.batchSize,
      stepsMeasured: options.steps,
    };
    const gruSteps = Math.max(1, Math.min(options.steps, 2));
    for (const baseline of baselines) {
      // A GRU's step time grows about linearly with T: predict it from the last measured length
      // and skip lengths whose warm-up plus measured steps would not fit the budget.
      const predictedMs =
        baseline.msPerToken === undefined ? undefined : baseline.msPerToken * length;
      let ms: number | undefined;
      if (
        predictedMs !== undefined &&
        predictedTimingSeconds(predictedMs, { steps: gruSteps }) > options.maxSeconds
      ) {
        const reason = `${baseline.label}: predicted ${(predictedMs / 1000).toFixed(0)} s per step x ${gruSteps + 1} steps exceeds --max-seconds ${options.maxSeconds}`;
        options.log(`table 3: T = ${length}: skipped ${reason}`);
        row.gruSkippedReason = row.gruSkippedReason ? `${row.gruSkippedReason}; ${reason}` : reason;
      } else {
        options.log(
          `table 3: T = ${length}: timing ${baseline.label} (${gruSteps} steps at batch ${options.batchSize})`,
        );
        ms = await timeSpeedModel(
          { kind: baseline.kind },
          length,
          options.batchSize,
          options,
          gruSteps,
        );
        baseline.msPerToken = ms / length;
      }
      if (ms === undefined) continue;
      if (baseline.kind === 'gru') {
        row.gruMsPerStep = ms;
        row.gruSeconds = (ms * batches) / 1000;
        row.speedup = ms / srnnMs;
      } else {
        row.tfjsGruMsPerStep = ms;
        row.tfjsGruSeconds = (ms * batches) / 1000;
        row.speedupVsTfjs = ms / srnnMs;
      }
    }
    const paper = PAPER_TABLE3.rows.find((r) => r.sequenceLength === length);
    if (paper)
      row.paper = {
        srnnSeconds: paper.srnnSeconds,
        gruSeconds: paper.gruSeconds,
        speedup: paper.speedup,
      };
    rows.push(row);
    const fmt = (label: string, v?: number, x?: number) =>
      v === undefined ? '' : `, ${label} ${v.toFixed(0)} ms/step (${x?.toFixed(1)}x)`;
    options.log(
      `table 3: T = ${length}: ${spec} ${srnnMs.toFixed(0)} ms/step` +
        fmt('GRU', row.gruMsPerStep, row.speedup) +
        fmt('GRU (tf.layers)', row.tfjsGruMsPerStep, row.speedupVsTfjs),
    );
    if (tf.memory().numTensors > 10_000)
      options.log(`warning: ${tf.memory().numTensors} tensors alive`);
  }
  return rows;
}
