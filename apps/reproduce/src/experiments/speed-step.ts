/**
 * The paper's step (T = 512 by default) at one batch size and kind of ids, in rounds that alternate
 * our models and the PyTorch peer, so that a noisy stretch of the machine hits both alike. The peer
 * reads the very batch our models train on. It tries 1 and 2 threads in the first round and keeps
 * the faster after. tf.layers' GRU, 5 to 10 times slower, runs once, on uniform ids only (its
 * step does not depend on the ids).
 */
import type { EncodedSplit } from '@srnn/eval';
import { relaxedMultiplyAdd } from '@srnn/backend';
import { median } from '@srnn/eval';
import { runPeerOnce, type PeerBatchFiles } from './peer';
import { relate, timeRow } from './speed-row';
import type { IdKind, PeerRow, SpeedOptions, SpeedRow } from './speed-types';
import type { SpeedModel } from './timing';

export interface StepContext {
  options: SpeedOptions;
  peerScript: string;
  /** The peer's Python, until it fails once. */
  peerPython?: string;
  /** Rows of the peer so far, in any group: whether a failure stops a peer that has results. */
  peerRowsSoFar: number;
}

export interface StepGroup {
  rows: SpeedRow[];
  peer: PeerRow[];
  /** Set when the peer failed during this group; the context's peerPython is cleared. */
  peerStopped?: string;
}

/**
 * The models of a step group: SRNN(8,2) with each cell, then our GRU; on natural text also
 * SRNN(8,2) with all-padding subsequences skipped (not the paper's function: labelled, and with no
 * peer beside it). On uniform ids nothing is padding, so skipping would change nothing. Where the
 * product tiles use the relaxed multiply-add (`relaxed`), SRNN(8,2) with the GRU also runs with
 * them multiplying and adding apart, the earlier releases' arithmetic, labelled.
 */
export function stepModels(
  cells: string[] = ['gru'],
  ids: IdKind = 'uniform',
  relaxed = false,
): SpeedModel[] {
  return [
    ...cells.map((cell) => ({ kind: 'srnn' as const, spec: 'SRNN(8,2)', cell })),
    ...(relaxed
      ? [{ kind: 'srnn' as const, spec: 'SRNN(8,2)', cell: 'gru', separateMultiplyAdd: true }]
      : []),
    ...(ids === 'natural'
      ? cells.map((cell) => ({ kind: 'srnn' as const, spec: 'SRNN(8,2)', cell, skipPadding: true }))
      : []),
    { kind: 'gru' },
  ];
}

export async function measureStepGroup(
  context: StepContext,
  batch: number,
  ids: IdKind,
  input: EncodedSplit,
  files?: PeerBatchFiles,
): Promise<StepGroup> {
  const { options } = context;
  const length = options.stepLength;
  const ours = new Map<string, SpeedRow[]>();
  const peerRounds = new Map<string, PeerRow>();
  let peerStopped: string | undefined;
  let peerThreads = [1, 2];
  for (let round = 0; round < options.rounds; round += 1) {
    for (const model of stepModels(options.cells, ids, relaxedMultiplyAdd())) {
      const row = await timeRow(options, {
        model,
        length,
        batch,
        steps: options.steps,
        section: 'step',
        ids,
        input,
      });
      ours.set(row.model, [...(ours.get(row.model) ?? []), row]);
    }
    const python = context.peerPython;
    if (python === undefined) continue;
    for (const threads of peerThreads) {
      const run = runPeerOnce(python, context.peerScript, options, batch, threads, files);
      if ('failed' in run) {
        const kept = peerRounds.size + context.peerRowsSoFar > 0;
        peerStopped = kept
          ? `stopped by an error, the rounds before it kept: ${run.failed}`
          : `skipped: ${run.failed}`;
        options.log(`bench: PyTorch peer ${peerStopped}`);
        delete context.peerPython;
        break;
      }
      for (const r of run.results) {
        const key = `${r.model} ${threads}`;
        const entry = peerRounds.get(key) ?? {
          model: r.model,
          length,
          batch,
          ids,
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
  const rows: SpeedRow[] = [...ours.values()].map((timed) => {
    const done = timed.filter((r) => r.msPerStep !== undefined);
    if (done.length === 0) return timed[timed.length - 1]!;
    const roundsMs = done.map((r) => r.msPerStep!);
    return { ...done[done.length - 1]!, msPerStep: median(roundsMs), roundsMs };
  });
  if (ids === 'uniform') {
    rows.push(
      await timeRow(options, {
        model: { kind: 'tfjs-gru' },
        length,
        batch,
        steps: options.steps,
        section: 'step',
        ids,
        input,
      }),
    );
  }
  relate(rows);
  const peer = [...peerRounds.values()];
  context.peerRowsSoFar += peer.length;
  for (const r of rows) {
    // The peer runs PyTorch's GRU only, over the paper's function.
    const gru = r.cell === undefined || r.cell === 'gru';
    if (
      r.model === 'GRU (tf.layers)' ||
      r.skipPadding ||
      r.separateMultiplyAdd ||
      !gru ||
      r.msPerStep === undefined
    )
      continue;
    const kind = r.model.startsWith('SRNN') ? 'srnn' : 'gru';
    const times = peer.filter((p) => p.model === kind).map((p) => p.medianMs);
    if (times.length > 0) r.vsPytorch = Math.min(...times) / r.msPerStep;
  }
  return { rows, peer, ...(peerStopped ? { peerStopped } : {}) };
}
