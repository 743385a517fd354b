/** One timed row of `pnpm bench`, its memory high-water marks, and the ratios within a group. */
import * as tf from '@tensorflow/tfjs';
import { predictedTimingSeconds, type EncodedSplit } from '@srnn/eval';
import { speedModelName, timeSpeedModel, type SpeedModel } from './timing';
import type { IdKind, SpeedOptions, SpeedRow } from './speed-types';

const mib = (bytes: number) => bytes / 2 ** 20;

/** The wasm backend's heap size: it only grows, so it is the high-water mark so far. */
function wasmHeapMiB(): number | undefined {
  const backend = tf.backend() as unknown as { wasm?: { HEAPU8?: Uint8Array } };
  const heap = backend.wasm?.HEAPU8;
  return heap ? mib(heap.length) : undefined;
}

export function memory(): { heapMiB?: number; maxRssMiB: number } {
  const heapMiB = wasmHeapMiB();
  return {
    ...(heapMiB !== undefined ? { heapMiB } : {}),
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
  };
}

export interface RowRequest {
  model: SpeedModel;
  length: number;
  batch: number;
  steps: number;
  section: SpeedRow['section'];
  ids: IdKind;
  /** The batch to time on (default: seeded uniform ids). */
  input?: EncodedSplit;
  /** A time predicted from a shorter length: skip when it would exceed the budget. */
  predictedMs?: number;
}

/** Times one model, or says why it was skipped or failed; never throws for one model's failure. */
export async function timeRow(options: SpeedOptions, request: RowRequest): Promise<SpeedRow> {
  const { model, length, batch, steps, section, ids, predictedMs } = request;
  const name = speedModelName(model);
  const base = {
    section,
    model: name,
    length,
    batch,
    ids,
    ...(model.kind === 'srnn' && model.cell ? { cell: model.cell } : {}),
    ...(model.kind === 'srnn' && model.skipPadding ? { skipPadding: true } : {}),
    ...(model.kind === 'srnn' && model.separateMultiplyAdd ? { separateMultiplyAdd: true } : {}),
  };
  const label = `bench: ${name}, T = ${length}, batch ${batch}${ids === 'natural' ? ', natural text' : ''}`;
  if (
    predictedMs !== undefined &&
    predictedTimingSeconds(predictedMs, { steps }) > options.maxSeconds
  ) {
    const skipped = `predicted ${(predictedMs / 1000).toFixed(0)} s per step x ${steps + 1} exceeds --max-seconds ${options.maxSeconds}`;
    options.log(`${label}: ${skipped}`);
    return { ...base, skipped, ...memory() };
  }
  options.log(`${label}: ${steps} steps after 1 warm-up`);
  let msPerStep: number;
  try {
    msPerStep = await timeSpeedModel(model, length, batch, options.sizes, steps, 1, request.input);
  } catch (error) {
    // One model running out of memory must not cost the figures of the others.
    const message = (error as Error).message;
    const skipped = `failed: ${message}${/out of bounds/.test(message) ? ' (the wasm heap is limited to 4 GiB)' : ''}`;
    options.log(`${label}: ${skipped}`);
    return { ...base, skipped, ...memory() };
  }
  options.log(`${label}: ${msPerStep.toFixed(0)} ms per step`);
  return { ...base, msPerStep, ...memory() };
}

const isSrnn = (r: SpeedRow) => r.model.startsWith('SRNN');

/**
 * Each row's speed-up against the group's GRUs (ours and tf.layers), and each SRNN row of another
 * cell's time against the GRU cell's SRNN row of the same group (the same spec and skipping).
 */
export function relate(group: SpeedRow[]): void {
  const ours = group.find((r) => r.model === 'GRU (ours)')?.msPerStep;
  const tfjs = group.find((r) => r.model === 'GRU (tf.layers)')?.msPerStep;
  for (const r of group) {
    if (r.msPerStep === undefined) continue;
    if (ours !== undefined) r.speedupVsOurGru = ours / r.msPerStep;
    if (tfjs !== undefined) r.speedupVsTfjsGru = tfjs / r.msPerStep;
    if (!isSrnn(r) || (r.cell ?? 'gru') === 'gru') continue;
    const spec = r.model.split(' ')[0];
    const gru = group.find(
      (g) =>
        isSrnn(g) &&
        (g.cell ?? 'gru') === 'gru' &&
        g.model.split(' ')[0] === spec &&
        (g.skipPadding ?? false) === (r.skipPadding ?? false) &&
        !g.separateMultiplyAdd,
    )?.msPerStep;
    if (gru !== undefined) r.timeVsGruSrnn = r.msPerStep / gru;
  }
}
