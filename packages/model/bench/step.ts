// Median milliseconds per training step of the standard GRU and SRNN classifiers on the selected
// tfjs backend, at the paper's sizes by default (batch 32, T = 512, vocabulary 30,000,
// embedding 200, 50 units, 5 classes, Adam, trainable embedding).
// usage: pnpm bench [--backend wasm|cpu|auto] [--batch 32] [--length 512] [--steps 5]
//                   [--warmup 1] [--models gru,SRNN(8,2)] [--vocabulary 30000] [--optimizer fused|tfjs]
//                   [--profile]
// --profile: after the timed steps, each model's kernels in 3 profiled steps (tf.profile), the
// largest by median ms: where a step's time goes. Profiling adds overhead; compare kernels with
// each other, not with the step times.
// A model name ending in ' stock-embedding' (e.g. 'SRNN(8,2) stock-embedding') is the same model
// on tf.layers.embedding, whose rows carry no lookup record: every row is projected, none skipped.
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '@srnn/backend';
import {
  createTrainStep,
  gatherRange,
  median,
  randomTokenBatch,
  timeTrainingSteps,
  type EncodedSplit,
} from '@srnn/eval';
import { fusedAdam } from '@srnn/optimizers';
import { OptionsError, parseOptions, renameFields } from '@srnn/errors';
import { z } from 'zod';
import { buildClassifier, type ClassifierConfig } from '../src/index';

const STOCK_EMBEDDING = ' stock-embedding';
const CLASSES = 5;

const optionsSchema = z.object({
  backend: z.enum(['wasm', 'cpu', 'node', 'node-gpu', 'auto']).default('wasm'),
  batch: z.coerce.number().int().positive().default(32),
  length: z.coerce.number().int().positive().default(512),
  steps: z.coerce.number().int().positive().default(5),
  warmup: z.coerce.number().int().min(0).default(1),
  vocabulary: z.coerce.number().int().min(2).default(30000),
  optimizer: z.enum(['fused', 'tfjs']).default('fused'),
  profile: z.boolean().default(false),
  models: z
    .string()
    .default('gru,SRNN(8,2)')
    .transform((list) => list.split(/,(?![^(]*\))/).map((name) => name.trim())),
});

function configFor(model: string, options: z.output<typeof optionsSchema>): ClassifierConfig {
  const common = {
    vocabularySize: options.vocabulary,
    embeddingDim: 200,
    units: 50,
    classes: CLASSES,
    maxLength: options.length,
    seed: 1,
  };
  const lower = model.replace(STOCK_EMBEDDING, '').toLowerCase();
  if (lower === 'gru') return { ...common, architecture: 'rnn' };
  if (lower === 'lstm') return { ...common, architecture: 'rnn', cell: 'lstm' };
  if (lower === 'dccnn') return { ...common, architecture: 'dccnn' };
  if (lower.startsWith('srnn')) return { ...common, slicing: model.replace(STOCK_EMBEDDING, '') };
  throw new Error(`--models: unknown model '${model}'; use gru, lstm, dccnn or SRNN(n,k)`);
}

/** The classifier with tf.layers.embedding (same table) in place of its own embedding layer. */
function onStockEmbedding(model: tf.LayersModel): tf.LayersModel {
  const [, length] = model.inputs[0]!.shape;
  const tokens = tf.input({ shape: [length!], dtype: 'int32' });
  const ours = model.getLayer('embedding');
  const table = ours.getWeights()[0]!;
  const stock = tf.layers.embedding({ inputDim: table.shape[0]!, outputDim: table.shape[1]! });
  let x: tf.SymbolicTensor = tokens;
  // The layers form a chain (front padding, embedding, SRNN or RNN, softmax).
  for (const layer of model.layers.slice(1)) {
    x = (layer === ours ? stock : layer).apply(x) as tf.SymbolicTensor;
  }
  stock.setWeights([table]);
  return tf.model({ inputs: tokens, outputs: x });
}

async function measure(
  model: string,
  options: z.output<typeof optionsSchema>,
): Promise<{
  model: string;
  medianMs: number;
  stepsMs: number[];
  parameters: number;
  kernels?: KernelTime[];
}> {
  const built = buildClassifier(configFor(model, options));
  const classifier = model.endsWith(STOCK_EMBEDDING) ? onStockEmbedding(built) : built;
  // The paper's Adam (epsilon 1e-8); 'fused' is @srnn/optimizers' exact one-pass update.
  const optimizer =
    options.optimizer === 'fused'
      ? fusedAdam(0.001, 0.9, 0.999, 1e-8)
      : tf.train.adam(0.001, 0.9, 0.999, 1e-8);
  const batch = randomTokenBatch(options.batch, options.length, options.vocabulary, CLASSES, 1);
  // @srnn/eval's timing: the same step training runs (forward, backward, update, reading the loss).
  const timing = await timeTrainingSteps(classifier, batch, {
    steps: options.steps,
    warmup: options.warmup,
    optimizer,
  });
  const kernels = options.profile ? await profileKernels(classifier, optimizer, batch) : undefined;
  const parameters = classifier.countParams();
  optimizer.dispose();
  classifier.dispose();
  return {
    model,
    medianMs: timing.medianMs,
    stepsMs: timing.samplesMs,
    parameters,
    ...(kernels ? { kernels } : {}),
  };
}

interface KernelTime {
  /** Kernel name and input shapes. */
  kernel: string;
  /** Median ms per step (kernels that run more than once per step summed). */
  ms: number;
}

/** Profiled steps: the wrapper scopes (named 'unnamed scope') would count their kernels twice. */
const PROFILED_STEPS = 3;

async function profileKernels(
  classifier: tf.LayersModel,
  optimizer: tf.Optimizer,
  batch: EncodedSplit,
): Promise<KernelTime[]> {
  const step = createTrainStep(classifier, optimizer);
  const gathered = gatherRange(batch, 0, batch.shape[0]);
  const perStep: Map<string, number>[] = [];
  for (let i = 0; i < PROFILED_STEPS; i += 1) {
    const info = await tf.profile(async () => {
      await step(gathered);
    });
    const totals = new Map<string, number>();
    for (const k of info.kernels) {
      if (k.name === 'unnamed scope' || typeof k.kernelTimeMs !== 'number') continue;
      const key = `${k.name} ${JSON.stringify(k.inputShapes)}`;
      totals.set(key, (totals.get(key) ?? 0) + k.kernelTimeMs);
    }
    perStep.push(totals);
  }
  const names = new Set(perStep.flatMap((totals) => [...totals.keys()]));
  return [...names]
    .map((kernel) => ({ kernel, ms: median(perStep.map((totals) => totals.get(kernel) ?? 0)) }))
    .sort((a, b) => b.ms - a.ms);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      ...Object.fromEntries(
        ['backend', 'batch', 'length', 'steps', 'warmup', 'vocabulary', 'optimizer', 'models'].map(
          (name) => [name, { type: 'string' as const }],
        ),
      ),
      profile: { type: 'boolean' as const },
    },
  });
  let options: z.output<typeof optionsSchema>;
  try {
    options = parseOptions(optionsSchema, values, 'bench');
  } catch (error) {
    // The fields are this script's flags.
    if (!(error instanceof OptionsError)) throw error;
    const flags = Object.fromEntries(Object.keys(optionsSchema.shape).map((k) => [k, `--${k}`]));
    throw renameFields(error, flags);
  }
  const backend = await selectBackend({ backend: options.backend, log: () => {} });
  console.log(backend.summary);
  const results = [];
  for (const model of options.models) {
    results.push(await measure(model, options));
  }
  const baseline = results[0]!;
  console.log(
    `\nms per training step (median of ${options.steps} after ${options.warmup} warm-up), ` +
      `batch ${options.batch}, T = ${options.length}, vocabulary ${options.vocabulary}, embedding 200, 50 units, ${options.optimizer === 'fused' ? 'fused ' : 'tf.train.'}Adam`,
  );
  console.log('| model | parameters | median ms/step | speed-up vs ' + baseline.model + ' |');
  console.log('|---|---|---|---|');
  for (const result of results) {
    const ratio = baseline.medianMs / result.medianMs;
    console.log(
      `| ${result.model} | ${result.parameters} | ${result.medianMs.toFixed(0)} | ${ratio.toFixed(2)}x |`,
    );
  }
  for (const result of results) {
    if (!result.kernels) continue;
    const total = result.kernels.reduce((sum, k) => sum + k.ms, 0);
    console.log(
      `\n${result.model}: kernels of a profiled step (median of ${PROFILED_STEPS}), ${total.toFixed(1)} ms in all`,
    );
    console.log('| kernel and input shapes | ms | share |');
    console.log('|---|---|---|');
    for (const k of result.kernels.slice(0, 20)) {
      console.log(`| ${k.kernel} | ${k.ms.toFixed(2)} | ${((100 * k.ms) / total).toFixed(1)} % |`);
    }
  }
  console.log(
    JSON.stringify({
      backend: backend.name,
      detail: backend.detail,
      kernelFixes: backend.kernelFixes,
      batch: options.batch,
      length: options.length,
      vocabulary: options.vocabulary,
      steps: options.steps,
      optimizer: options.optimizer,
      results: results.map((r) => ({
        ...r,
        speedUp: baseline.medianMs / r.medianMs,
      })),
    }),
  );
}

main().catch((error: unknown) => {
  console.error(process.env.SRNN_BENCH_DEBUG ? error : (error as Error).message);
  process.exitCode = 1;
});
