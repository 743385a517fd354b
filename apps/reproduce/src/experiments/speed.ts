/**
 * `pnpm bench`: the training step of the paper's model on this machine, measured side by side in
 * one run: SRNN against this project's standard GRU, TensorFlow.js's own tf.layers GRU and, when
 * Python with torch is installed, the same step in PyTorch; SRNN's advantage against sequence length;
 * inference throughput; and memory high-water marks.
 */
import * as tf from '@tensorflow/tfjs';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { median, predictedTimingSeconds, table, timeSteps, type Table } from '@srnn/eval';
import {
  buildSpeedModel,
  randomBatch,
  speedModelName,
  timeSpeedModel,
  type ModelSizes,
  type SpeedModel,
} from './timing';
import { table3Spec } from './table3';

export interface SpeedOptions {
  /** T of the paper's step (512) and of the inference figures. */
  stepLength: number;
  batchSizes: number[];
  lengths: number[];
  lengthBatch: number;
  steps: number;
  /**
   * Rounds of the T = 512 step: each round times our models and then the peer, so that both see
   * the same machine; each figure is the median of its rounds' medians.
   */
  rounds: number;
  /** Skip a model at a length when its predicted warm-up plus measured steps exceed this. */
  maxSeconds: number;
  peer: 'auto' | 'skip';
  /** The Python for the peer; by default the first of python3 and /usr/bin/python3 that has torch. */
  python?: string;
  sizes: ModelSizes;
  log: (line: string) => void;
}

export interface SpeedRow {
  section: 'step' | 'length';
  model: string;
  length: number;
  batch: number;
  msPerStep?: number;
  /** Each round's median ms per step, when the figure is the median of several rounds. */
  roundsMs?: number[];
  skipped?: string;
  /** This model's ms against the row group's reference (our GRU; PyTorch's SRNN for peers). */
  speedupVsOurGru?: number;
  speedupVsTfjsGru?: number;
  /** PyTorch's ms for the same model divided by ours (> 1: we are faster). */
  vsPytorch?: number;
  heapMiB?: number;
  maxRssMiB: number;
}

export interface InferenceRow {
  model: string;
  length: number;
  batch: number;
  documentsPerSecond: number;
}

export interface PeerRow {
  model: 'srnn' | 'gru';
  length: number;
  batch: number;
  threads: number;
  medianMs: number;
  /** Each round's median ms per step. */
  roundsMs: number[];
  version: string;
}

export interface SpeedReport {
  rows: SpeedRow[];
  inference: InferenceRow[];
  peer: PeerRow[];
  peerSkipped?: string;
}

const mib = (bytes: number) => bytes / 2 ** 20;

/** The wasm backend's heap size: it only grows, so it is the high-water mark so far. */
function wasmHeapMiB(): number | undefined {
  const backend = tf.backend() as unknown as { wasm?: { HEAPU8?: Uint8Array } };
  const heap = backend.wasm?.HEAPU8;
  return heap ? mib(heap.length) : undefined;
}

function memory(): { heapMiB?: number; maxRssMiB: number } {
  const heapMiB = wasmHeapMiB();
  return {
    ...(heapMiB !== undefined ? { heapMiB } : {}),
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
  };
}

/** The Python that runs the peer, or why the peer is skipped (no Python with torch, --peer skip). */
export function findPeerPython(
  options: SpeedOptions,
  script: string,
): { python: string } | { skipped: string } {
  if (options.peer === 'skip') return { skipped: 'skipped (--peer skip)' };
  if (!existsSync(script)) return { skipped: `skipped: ${script} not found` };
  const candidates = options.python ? [options.python] : ['python3', '/usr/bin/python3'];
  const python = candidates.find(
    (p) => spawnSync(p, ['-c', 'import torch'], { encoding: 'utf8' }).status === 0,
  );
  if (!python) {
    return {
      skipped: `skipped: no Python with torch (tried ${candidates.join(', ')}; install torch, e.g. Debian's python3-torch, to compare)`,
    };
  }
  return { python };
}

/** One run of the peer: its median ms per step for SRNN(8,2) and the GRU, or why it failed. */
export function runPeerOnce(
  python: string,
  script: string,
  options: SpeedOptions,
  batch: number,
  threads: number,
):
  { results: { model: 'srnn' | 'gru'; medianMs: number; version: string }[] } | { failed: string } {
  options.log(
    `bench: PyTorch peer, T = ${options.stepLength}, batch ${batch}, ${threads} thread(s)`,
  );
  const run = spawnSync(
    python,
    [
      script,
      '--length',
      String(options.stepLength),
      '--slices',
      '8',
      '--depth',
      '2',
      '--batch',
      String(batch),
      '--threads',
      String(threads),
      '--steps',
      String(options.steps),
    ],
    { encoding: 'utf8' },
  );
  if (run.status !== 0)
    return { failed: `the peer failed: ${run.stderr.trim().split('\n').pop()}` };
  const results = run.stdout
    .trim()
    .split('\n')
    .map((line) => {
      const r = JSON.parse(line) as { peer: string; model: 'srnn' | 'gru'; medianMs: number };
      return { model: r.model, medianMs: r.medianMs, version: r.peer };
    });
  return { results };
}

/** The peer's best time (over thread counts) for a model and batch. */
function bestPeer(peer: PeerRow[], model: 'srnn' | 'gru', batch: number): number | undefined {
  const times = peer.filter((p) => p.model === model && p.batch === batch).map((p) => p.medianMs);
  return times.length > 0 ? Math.min(...times) : undefined;
}

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
      const out = classifier.predict(ids) as tf.Tensor;
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

export async function runSpeed(options: SpeedOptions, peerScript: string): Promise<SpeedReport> {
  const report: SpeedReport = { rows: [], inference: [], peer: [] };
  const peer = findPeerPython(options, peerScript);
  if ('skipped' in peer) {
    report.peerSkipped = peer.skipped;
    options.log(`bench: PyTorch peer ${peer.skipped}`);
  }
  const timeOne = async (
    model: SpeedModel,
    length: number,
    batch: number,
    steps: number,
    section: SpeedRow['section'],
    predictedMs?: number,
  ) => {
    const name = speedModelName(model);
    if (
      predictedMs !== undefined &&
      predictedTimingSeconds(predictedMs, { steps }) > options.maxSeconds
    ) {
      const skipped = `predicted ${(predictedMs / 1000).toFixed(0)} s per step x ${steps + 1} exceeds --max-seconds ${options.maxSeconds}`;
      options.log(`bench: ${name}, T = ${length}, batch ${batch}: ${skipped}`);
      return { section, model: name, length, batch, skipped, ...memory() } as SpeedRow;
    }
    options.log(`bench: ${name}, T = ${length}, batch ${batch}: ${steps} steps after 1 warm-up`);
    let msPerStep: number;
    try {
      msPerStep = await timeSpeedModel(model, length, batch, options.sizes, steps);
    } catch (error) {
      // One model running out of memory must not cost the figures of the others.
      const message = (error as Error).message;
      const skipped = `failed: ${message}${/out of bounds/.test(message) ? ' (the wasm heap is limited to 4 GiB)' : ''}`;
      options.log(`bench: ${name}, T = ${length}, batch ${batch}: ${skipped}`);
      return { section, model: name, length, batch, skipped, ...memory() } as SpeedRow;
    }
    options.log(
      `bench: ${name}, T = ${length}, batch ${batch}: ${msPerStep.toFixed(0)} ms per step`,
    );
    return { section, model: name, length, batch, msPerStep, ...memory() } as SpeedRow;
  };
  const relate = (group: SpeedRow[]) => {
    const ours = group.find((r) => r.model === 'GRU (ours)')?.msPerStep;
    const tfjs = group.find((r) => r.model === 'GRU (tf.layers)')?.msPerStep;
    for (const r of group) {
      if (r.msPerStep === undefined) continue;
      if (ours !== undefined) r.speedupVsOurGru = ours / r.msPerStep;
      if (tfjs !== undefined) r.speedupVsTfjsGru = tfjs / r.msPerStep;
    }
  };

  // 1. The paper's step (T = 512 by default) for each batch size, in rounds that alternate our
  // models and the PyTorch peer, so that a noisy stretch of the machine hits both alike. The
  // peer tries 1 and 2 threads in the first round and keeps the faster after. tf.layers' GRU, 5
  // to 10 times slower, runs once.
  let peerPython = 'python' in peer ? peer.python : undefined;
  for (const batch of options.batchSizes) {
    const ours = new Map<string, SpeedRow[]>();
    const peerRounds = new Map<string, PeerRow>();
    let peerThreads = [1, 2];
    for (let round = 0; round < options.rounds; round += 1) {
      for (const model of [{ kind: 'srnn', spec: 'SRNN(8,2)' }, { kind: 'gru' }] as SpeedModel[]) {
        const row = await timeOne(model, options.stepLength, batch, options.steps, 'step');
        ours.set(row.model, [...(ours.get(row.model) ?? []), row]);
      }
      if (peerPython === undefined) continue;
      for (const threads of peerThreads) {
        const run = runPeerOnce(peerPython, peerScript, options, batch, threads);
        if ('failed' in run) {
          const kept = peerRounds.size + report.peer.length > 0;
          report.peerSkipped = kept
            ? `stopped by an error, the rounds before it kept: ${run.failed}`
            : `skipped: ${run.failed}`;
          options.log(`bench: PyTorch peer ${report.peerSkipped}`);
          peerPython = undefined;
          break;
        }
        for (const r of run.results) {
          const key = `${r.model} ${threads}`;
          const entry = peerRounds.get(key) ?? {
            model: r.model,
            length: options.stepLength,
            batch,
            threads,
            medianMs: 0,
            roundsMs: [],
            version: r.version,
          };
          entry.roundsMs.push(r.medianMs);
          entry.medianMs = median(entry.roundsMs);
          peerRounds.set(key, entry);
        }
      }
      // Chosen once, on the first round, where both thread counts ran.
      if (round === 0) {
        const srnnAt = (threads: number) => peerRounds.get(`srnn ${threads}`)?.medianMs ?? Infinity;
        peerThreads = [srnnAt(1) <= srnnAt(2) ? 1 : 2];
      }
    }
    const group: SpeedRow[] = [...ours.values()].map((rows) => {
      const timed = rows.filter((r) => r.msPerStep !== undefined);
      if (timed.length === 0) return rows[rows.length - 1]!;
      const roundsMs = timed.map((r) => r.msPerStep!);
      return { ...timed[timed.length - 1]!, msPerStep: median(roundsMs), roundsMs };
    });
    group.push(
      await timeOne({ kind: 'tfjs-gru' }, options.stepLength, batch, options.steps, 'step'),
    );
    relate(group);
    report.peer.push(...peerRounds.values());
    for (const r of group) {
      const peerMs = bestPeer(report.peer, r.model.startsWith('SRNN') ? 'srnn' : 'gru', batch);
      if (peerMs !== undefined && r.msPerStep !== undefined && r.model !== 'GRU (tf.layers)')
        r.vsPytorch = peerMs / r.msPerStep;
    }
    report.rows.push(...group);
  }

  // 2. Inference (before the long runs below, which may exhaust memory) at the same T.
  for (const model of [{ kind: 'srnn', spec: 'SRNN(8,2)' }, { kind: 'gru' }] as SpeedModel[]) {
    report.inference.push(await measureInference(model, options.stepLength, 100, options.sizes));
  }
  // 3. SRNN's advantage against length, at one batch size for every model. Our models run over
  // all lengths first: tf.layers' GRU holds every step's tensors and leaves the wasm heap (which
  // never shrinks) large and fragmented, so running it last keeps it from failing the others.
  const perToken = new Map<string, number>();
  const groups = new Map<number, SpeedRow[]>(options.lengths.map((length) => [length, []]));
  const kinds: SpeedModel['kind'][] = ['srnn', 'gru', 'tfjs-gru'];
  for (const pass of [kinds.slice(0, 2), kinds.slice(2)]) {
    for (const length of options.lengths) {
      const steps = length > 4096 ? 1 : Math.min(options.steps, 3);
      for (const kind of pass) {
        const model: SpeedModel = kind === 'srnn' ? { kind, spec: table3Spec(length) } : { kind };
        const last = perToken.get(kind);
        const row = await timeOne(
          model,
          length,
          options.lengthBatch,
          steps,
          'length',
          last !== undefined ? last * length : undefined,
        );
        if (row.msPerStep !== undefined) perToken.set(kind, row.msPerStep / length);
        groups.get(length)!.push(row);
      }
    }
  }
  for (const group of groups.values()) {
    relate(group);
    report.rows.push(...group);
  }

  return report;
}

const ms = (v: unknown) => (typeof v === 'number' ? v.toFixed(0) : '');
const x = (v: unknown) => (typeof v === 'number' ? `${v.toFixed(2)}x` : '');
const one = (v: unknown) => (typeof v === 'number' ? v.toFixed(0) : '');

export function speedTables(report: SpeedReport): {
  step: Table;
  length: Table;
  inference: Table;
  peer: Table;
} {
  const columns = (withPeer: boolean) => [
    { header: 'model', value: 'model' as const },
    { header: 'T', value: 'length' as const },
    { header: 'batch', value: 'batch' as const },
    {
      header: 'ms/step',
      value: (r: SpeedRow) => r.msPerStep ?? r.skipped,
      // 'skipped' or 'failed'; the reason is listed under the table.
      format: (v: unknown) => (typeof v === 'number' ? ms(v) : String(v).split(':')[0]!),
    },
    { header: 'speed-up vs GRU (ours)', value: 'speedupVsOurGru' as const, format: x },
    { header: 'speed-up vs GRU (tf.layers)', value: 'speedupVsTfjsGru' as const, format: x },
    ...(withPeer
      ? [
          { header: 'PyTorch ms / ours', value: 'vsPytorch' as const, format: x },
          {
            header: 'rounds (ms)',
            value: (r: SpeedRow) => r.roundsMs?.map((v) => v.toFixed(0)).join(', ') ?? '',
          },
        ]
      : []),
    { header: 'wasm heap MiB (high-water)', value: 'heapMiB' as const, format: one },
    { header: 'max RSS MiB', value: 'maxRssMiB' as const, format: one },
  ];
  return {
    step: table(
      report.rows.filter((r) => r.section === 'step'),
      columns(true),
    ),
    length: table(
      report.rows.filter((r) => r.section === 'length'),
      columns(false),
    ),
    inference: table(report.inference, [
      { header: 'model', value: 'model' },
      { header: 'T', value: 'length' },
      { header: 'batch', value: 'batch' },
      { header: 'documents/s', value: 'documentsPerSecond', format: one },
    ]),
    peer: table(report.peer, [
      { header: 'peer', value: 'version' },
      { header: 'model', value: 'model' },
      { header: 'T', value: 'length' },
      { header: 'batch', value: 'batch' },
      { header: 'threads', value: 'threads' },
      { header: 'ms/step', value: 'medianMs', format: ms },
      {
        header: 'rounds (ms)',
        value: (r: PeerRow) => r.roundsMs.map((v) => v.toFixed(0)).join(', '),
      },
    ]),
  };
}

/** The peer script shipped with this app. */
export function peerScriptPath(): string {
  // From dist/ the app folder is one level up; from src/experiments/ (tests) two.
  const fromDist = join(__dirname, '..', 'peer', 'torch_step.py');
  return existsSync(fromDist) ? fromDist : join(__dirname, '..', '..', 'peer', 'torch_step.py');
}
