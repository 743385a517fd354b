/**
 * `pnpm bench`: the training step of the paper's model on this machine, measured side by side in
 * one run: SRNN against this project's standard GRU, TensorFlow.js's own tf.layers GRU and, when
 * Python with torch is installed, the same step in PyTorch on the same batches, on uniform ids and
 * on natural-text batches; SRNN's advantage against sequence length; inference throughput; the
 * input projection's product beside torch.matmul; in-browser inference beside Node's; and memory
 * high-water marks.
 */
import * as tf from '@tensorflow/tfjs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { timeSteps } from '@srnn/eval';
import { naturalTextBatch, NATURAL_TEXT, profileBatch } from './natural-text';
import { measureBrowser } from './speed-browser';
import { findPeerPython, runPeerProduct, writePeerBatch } from './peer';
import { productGflops, timeProduct, type ProductRow } from './product';
import { measureStepGroup, type StepContext } from './speed-step';
import { relate, timeRow } from './speed-row';
import type { IdKind, InferenceRow, SpeedOptions, SpeedReport, SpeedRow } from './speed-types';
import { table3Spec } from './table3';
import {
  buildSpeedModel,
  randomBatch,
  speedModelName,
  type ModelSizes,
  type SpeedModel,
} from './timing';

export type {
  BatchRow,
  BrowserSection,
  BrowserSettings,
  IdKind,
  InferenceRow,
  PeerRow,
  SpeedOptions,
  SpeedReport,
  SpeedRow,
} from './speed-types';
export { findPeerPython, peerScriptPath, runPeerOnce } from './peer';
export { speedTables } from './speed-tables';

async function measureInference(
  model: SpeedModel,
  length: number,
  batch: number,
  sizes: ModelSizes,
): Promise<InferenceRow> {
  const classifier = buildSpeedModel(model, length, sizes);
  const { x } = randomBatch(batch, length, sizes);
  const ids = tf.tensor2d(x, [batch, length], 'int32');
  try {
    const once = () => {
      // One forward pass of the whole batch (predict alone would run passes of 32 rows).
      const out = classifier.predict(ids, { batchSize: batch }) as tf.Tensor;
      out.dataSync();
      out.dispose();
    };
    const { medianMs } = await timeSteps(once, { steps: 3, warmup: 1 });
    return {
      model: speedModelName(model),
      length,
      batch,
      documentsPerSecond: (batch * 1000) / medianMs,
    };
  } finally {
    ids.dispose();
    classifier.dispose();
  }
}

/** The first level's input projection at the first batch size: ours, then the peer's threads. */
async function measureProducts(
  options: SpeedOptions,
  peerScript: string,
  python: string | undefined,
): Promise<ProductRow[]> {
  const shape: [number, number, number] = [
    (options.batchSizes[0] ?? 32) * options.stepLength,
    options.sizes.embeddingDim,
    3 * options.sizes.units,
  ];
  const repeats = 7;
  options.log(
    `bench: product [${shape[0]}, ${shape[1]}] x [${shape[1]}, ${shape[2]}], median of ${repeats}`,
  );
  const ms = await timeProduct(...shape, repeats);
  const rows: ProductRow[] = [
    {
      who: 'ours',
      rows: shape[0],
      inner: shape[1],
      cols: shape[2],
      medianMs: ms,
      gflops: productGflops(...shape, ms),
    },
  ];
  for (const threads of python === undefined ? [] : [1, 2]) {
    const peer = runPeerProduct(python!, peerScript, shape, threads, repeats);
    if ('failed' in peer) {
      options.log(`bench: PyTorch product: ${peer.failed}`);
      break;
    }
    rows.push({
      who: 'pytorch',
      rows: shape[0],
      inner: shape[1],
      cols: shape[2],
      threads,
      medianMs: peer.medianMs,
      gflops: productGflops(...shape, peer.medianMs),
      version: peer.version,
    });
  }
  return rows;
}

/** SRNN's advantage against length, at one batch size for every model, on uniform ids. */
async function measureLengths(options: SpeedOptions): Promise<SpeedRow[]> {
  // Our models run over all lengths first: tf.layers' GRU holds every step's tensors and leaves
  // the wasm heap (which never shrinks) large and fragmented, so running it last keeps it from
  // failing the others.
  const perToken = new Map<string, number>();
  const groups = new Map<number, SpeedRow[]>(options.lengths.map((length) => [length, []]));
  const kinds: SpeedModel['kind'][] = ['srnn', 'gru', 'tfjs-gru'];
  for (const pass of [kinds.slice(0, 2), kinds.slice(2)]) {
    for (const length of options.lengths) {
      const steps = length > 4096 ? 1 : Math.min(options.steps, 3);
      for (const kind of pass) {
        const model: SpeedModel = kind === 'srnn' ? { kind, spec: table3Spec(length) } : { kind };
        const last = perToken.get(kind);
        const row = await timeRow(options, {
          model,
          length,
          batch: options.lengthBatch,
          steps,
          section: 'length',
          ids: 'uniform',
          ...(last !== undefined ? { predictedMs: last * length } : {}),
        });
        if (row.msPerStep !== undefined) perToken.set(kind, row.msPerStep / length);
        groups.get(length)!.push(row);
      }
    }
  }
  for (const group of groups.values()) relate(group);
  return [...groups.values()].flat();
}

/** A report with nothing measured yet (the bench's batches are always the natural-text ones). */
export function emptySpeedReport(): SpeedReport {
  return {
    rows: [],
    inference: [],
    peer: [],
    batches: [],
    products: [],
    naturalText: NATURAL_TEXT,
  };
}

export async function runSpeed(options: SpeedOptions, peerScript: string): Promise<SpeedReport> {
  const report = emptySpeedReport();
  const peer = findPeerPython(options, peerScript);
  if ('skipped' in peer) {
    report.peerSkipped = peer.skipped;
    options.log(`bench: PyTorch peer ${peer.skipped}`);
  }
  const context: StepContext = {
    options,
    peerScript,
    ...('python' in peer ? { peerPython: peer.python } : {}),
    peerRowsSoFar: 0,
  };
  const kinds: IdKind[] = options.idKinds ?? ['uniform', 'natural'];
  // The peer reads each batch from a file, so that both sides time the very same ids.
  const folder = await mkdtemp(join(tmpdir(), 'srnn-bench-'));
  try {
    // 1. The paper's step for each batch size and kind of ids.
    for (const batch of options.batchSizes) {
      for (const ids of kinds) {
        const { sizes, stepLength } = options;
        const input =
          ids === 'natural'
            ? naturalTextBatch(batch, stepLength, sizes.vocabulary, sizes.classes)
            : randomBatch(batch, stepLength, sizes);
        report.batches.push({ ids, batch, length: stepLength, ...profileBatch(input) });
        const files =
          context.peerPython !== undefined
            ? await writePeerBatch(folder, `${ids}-${batch}`, input)
            : undefined;
        const group = await measureStepGroup(context, batch, ids, input, files);
        report.rows.push(...group.rows);
        report.peer.push(...group.peer);
        if (group.peerStopped) report.peerSkipped = group.peerStopped;
      }
    }
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
  // 2. The input projection's product, ours and the peer's.
  if (options.product !== false)
    report.products = await measureProducts(options, peerScript, context.peerPython);
  // 3. Inference (before the long runs below, which may exhaust memory) at the same T.
  for (const model of [{ kind: 'srnn', spec: 'SRNN(8,2)' }, { kind: 'gru' }] as SpeedModel[]) {
    report.inference.push(await measureInference(model, options.stepLength, 100, options.sizes));
  }
  // 4. Inference in the exported web page beside Node's, when a Chromium is installed.
  if (options.browser) report.browser = await measureBrowser(options.browser, options.log);
  // 5. SRNN's advantage against length.
  report.rows.push(...(await measureLengths(options)));
  return report;
}
