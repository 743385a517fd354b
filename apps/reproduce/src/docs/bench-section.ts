/**
 * The README's section of `pnpm bench` figures, generated from the run's speed.json: one table of
 * median ms per training step (our SRNN and GRUs, TensorFlow.js's GRU, the PyTorch peer) and the
 * sentences that quote the run. Nothing here is measured; everything is read from the run.
 */
import { PAPER_DATASETS } from '@srnn/datasets';
import { alignedTable, bullet, grouped, wrapProse } from './markdown';
import { describeRun } from './run-description';
import type { BenchRun } from './run-json';

type SpeedRow = BenchRun['extra']['speed']['rows'][number];
type PeerRow = BenchRun['extra']['speed']['peer'][number];

/** What the batches held: uniformly drawn ids, or natural-text batches with or without skipping. */
export function batchKind(row: { ids?: string | undefined; skipPadding?: unknown }): string {
  if (row.ids !== 'natural') return 'uniform ids';
  return row.skipPadding === true ? 'natural text, padding skipped' : 'natural text';
}

interface Group {
  section: string;
  length: number;
  batch: number;
  /** 'uniform' or 'natural'. */
  ids: string;
  kind: string;
  srnn?: SpeedRow;
  ours?: SpeedRow;
  tfjs?: SpeedRow;
  peer?: PeerRow;
}

/** The peer's faster thread count for SRNN at a batch and kind of ids. */
function bestPeer(peer: PeerRow[], group: Group): PeerRow | undefined {
  const same = peer.filter(
    (p) =>
      p.model === 'srnn' &&
      p.length === group.length &&
      p.batch === group.batch &&
      (p.ids ?? 'uniform') === group.ids,
  );
  return same.sort((a, b) => a.medianMs - b.medianMs)[0];
}

/** The SRNN row's cell ('gru' when the run recorded none). */
const cellOf = (g: Group) => (g.srnn as { cell?: string } | undefined)?.cell ?? 'gru';

/** Timed with the product tiles' separate multiply and add beside the default row. */
const separateOf = (g: Group) =>
  (g.srnn as { separateMultiplyAdd?: boolean } | undefined)?.separateMultiplyAdd === true;

/** The row the comparisons are about: the GRU cell, with the default arithmetic. */
const isReference = (g: Group) => cellOf(g) === 'gru' && !separateOf(g);

/** One table row per SRNN row (one per cell), each with its group's baselines. */
function groups(run: BenchRun): Group[] {
  const byKey = new Map<string, { base: Omit<Group, 'srnn'>; srnn: SpeedRow[] }>();
  for (const row of run.extra.speed.rows) {
    const kind = batchKind(row);
    const key = `${row.section}|${row.length}|${row.batch}|${kind}`;
    const entry = byKey.get(key) ?? {
      base: {
        section: row.section,
        length: row.length,
        batch: row.batch,
        ids: row.ids ?? 'uniform',
        kind,
      },
      srnn: [],
    };
    if (row.model.startsWith('SRNN')) entry.srnn.push(row);
    else if (row.model === 'GRU (ours)') entry.base.ours = row;
    else if (row.model === 'GRU (tf.layers)') entry.base.tfjs = row;
    byKey.set(key, entry);
  }
  const all: Group[] = [];
  for (const { base, srnn } of byKey.values()) {
    for (const row of srnn.length > 0 ? srnn : [undefined]) {
      const group: Group = { ...base, ...(row ? { srnn: row } : {}) };
      // The peer computes the paper's function with PyTorch's GRU: no peer beside other cells
      // or rows with padding skipped.
      if (group.section === 'step' && isReference(group) && !group.kind.includes('skipped')) {
        const peer = bestPeer(run.extra.speed.peer, group);
        if (peer) group.peer = peer;
      }
      all.push(group);
    }
  }
  return all;
}

/** The wasm heap's ceiling (4 GiB less one 64 KiB page), MiB. */
const WASM_HEAP_LIMIT_MIB = 4095;

function msCell(row: SpeedRow | undefined): string {
  if (!row) return '';
  if (row.msPerStep !== undefined) return grouped(row.msPerStep);
  const reason = row.skipped ?? '';
  // An allocation past the heap's 4 GiB either fails as such or aborts the wasm runtime outright,
  // leaving the heap at its limit.
  const heapFull = (row.heapMiB ?? 0) >= WASM_HEAP_LIMIT_MIB;
  if (/wasm heap|out of bounds|memory/.test(reason) || (/Aborted/.test(reason) && heapFull))
    return 'out of memory (4 GiB wasm heap)';
  if (/max-seconds/.test(reason)) return 'skipped (time budget)';
  return 'failed';
}

const times = (v: number | undefined) => (v === undefined ? '' : `${v.toFixed(2)}x`);

function stepTable(run: BenchRun, all: Group[]): string {
  return alignedTable(all, [
    { header: 'T', cell: (g) => grouped(g.length), align: 'right' },
    { header: 'batch', cell: (g) => String(g.batch), align: 'right' },
    { header: 'token ids', cell: (g) => g.kind },
    { header: 'SRNN', cell: (g) => g.srnn?.model ?? '' },
    { header: 'SRNN ms', cell: (g) => msCell(g.srnn), align: 'right' },
    { header: 'GRU (ours) ms', cell: (g) => msCell(g.ours), align: 'right' },
    { header: 'GRU (tf.layers) ms', cell: (g) => msCell(g.tfjs), align: 'right' },
    {
      header: 'PyTorch SRNN ms',
      cell: (g) => (g.peer ? `${grouped(g.peer.medianMs)} (${g.peer.threads} thr.)` : ''),
      align: 'right',
    },
    {
      header: 'PyTorch ms / ours',
      cell: (g) =>
        g.peer && g.srnn?.msPerStep !== undefined ? times(g.peer.medianMs / g.srnn.msPerStep) : '',
      align: 'right',
    },
  ]);
}

function spread(values: number[] | undefined): string | undefined {
  if (!values || values.length < 2) return undefined;
  return `${grouped(Math.min(...values))} to ${grouped(Math.max(...values))} ms`;
}

function observations(run: BenchRun, all: Group[]): string[] {
  const notes: string[] = [];
  const { settings, speed } = run.extra;
  // The comparisons with the GRUs are the GRU cell's SRNN's; other rows are set beside it below.
  const gruCell = all.filter(isReference);
  for (const g of all.filter((x) => x.section === 'step')) {
    const ours = spread(g.srnn?.roundsMs);
    const peer = spread(g.peer?.roundsMs);
    if (!ours) continue;
    const faster =
      g.peer && g.srnn?.roundsMs && g.peer.roundsMs.length === g.srnn.roundsMs.length
        ? g.srnn.roundsMs.filter((v, i) => v < g.peer!.roundsMs[i]!).length
        : undefined;
    notes.push(
      `Batch ${g.batch}, ${g.kind}` +
        (isReference(g) ? ": our SRNN's" : `, ${g.srnn!.model}:`) +
        ` ${g.srnn!.roundsMs!.length} rounds spread from ${ours}` +
        (peer ? `, PyTorch's from ${peer}` : '') +
        (faster !== undefined
          ? `; ours was faster in ${faster} of ${g.srnn!.roundsMs!.length} rounds.`
          : '.'),
    );
  }
  const vsTfjs = gruCell
    .filter((g) => g.srnn?.speedupVsTfjsGru !== undefined)
    .map(
      (g) =>
        `${g.srnn!.speedupVsTfjsGru!.toFixed(1)}x at T = ${grouped(g.length)} and batch ${g.batch}` +
        (g.kind === 'uniform ids' ? '' : ` (${g.kind})`),
    );
  const relaxed = all
    .filter((g) => separateOf(g) && g.srnn?.msPerStep !== undefined)
    .map((g) => {
      const reference = all.find(
        (r) =>
          isReference(r) &&
          r.section === g.section &&
          r.length === g.length &&
          r.batch === g.batch &&
          r.kind === g.kind,
      )?.srnn?.msPerStep;
      return reference === undefined
        ? undefined
        : `${(g.srnn!.msPerStep! / reference).toFixed(2)}x at batch ${g.batch}, ${g.kind}`;
    })
    .filter((v): v is string => v !== undefined);
  if (relaxed.length > 0)
    notes.push(
      `The product tiles' relaxed multiply-add against their separate multiply and add (the same ` +
        `SRNN(8,2) step, ms separate / ms relaxed): ${relaxed.join('; ')}.`,
    );
  if (vsTfjs.length > 0)
    notes.push(`SRNN's speed-up over TensorFlow.js's own GRU (tf.layers): ${vsTfjs.join('; ')}.`);
  const vsOurs = gruCell
    .map((g) => g.srnn?.speedupVsOurGru)
    .filter((v): v is number => v !== undefined);
  if (vsOurs.length > 0)
    notes.push(
      `Against this project's GRU, whose recurrence is one fused kernel call, SRNN was ` +
        `${Math.min(...vsOurs).toFixed(2)}x to ${Math.max(...vsOurs).toFixed(2)}x as fast.`,
    );
  if (speed.inference.length > 0) {
    const first = speed.inference[0]!;
    notes.push(
      `Inference at T = ${grouped(first.length)}, batch ${first.batch}: ` +
        speed.inference.map((r) => `${r.model} ${grouped(r.documentsPerSecond)}`).join(', ') +
        ' documents per second.',
    );
  }
  const cells = cellRatios(all);
  if (cells) notes.push(cells);
  const browser = browserNote(run);
  if (browser) notes.push(browser);
  if (speed.peerSkipped) notes.push(`PyTorch peer: ${speed.peerSkipped}.`);
  const nt = speed.naturalText;
  const profiles = speed.batches.map(
    (b) =>
      `${b.ids === 'natural' ? 'natural text' : 'uniform ids'} at batch ${b.batch}: ` +
      `${b.meanTokens.toFixed(0)} tokens per document, ${(b.realShare * 100).toFixed(0)}% of positions real, ` +
      `distinct ids ${(b.distinctShare * 100).toFixed(0)}% of the real tokens`,
  );
  if (profiles.length > 0)
    notes.push(
      `Natural-text batches: lengths from a log-normal law with ${nt.dataset}'s mean in the paper's ` +
        `table 1 (${nt.meanWords} words, sigma ${nt.lengthSigma}), ranks from a Zipf law (exponent ` +
        `${nt.zipfExponent}), seed ${nt.seed}, fixed before measuring; the peer reads the same batches ` +
        `from files. What the batches held: ${profiles.join('; ')}.`,
    );
  const [ours, ...peers] = speed.products;
  if (ours) {
    const shape = `[${grouped(ours.rows)}, ${ours.inner}] x [${ours.inner}, ${ours.cols}]`;
    notes.push(
      `The first level's input projection as one product, ${shape}: ${ours.medianMs.toFixed(1)} ms ` +
        `here (${ours.gflops.toFixed(0)} GFLOP/s, this backend with its worker threads)` +
        (peers.length > 0
          ? `; torch.matmul ${peers
              .map(
                (p) =>
                  `${p.medianMs.toFixed(1)} ms on ${p.threads} thread${p.threads === 1 ? '' : 's'} (${p.gflops.toFixed(0)} GFLOP/s)`,
              )
              .join(', ')}`
          : '') +
        '; medians of 7.',
    );
  }
  // What an epoch of the paper's largest Yelp set would take at the measured batch-100 step.
  const at100 = all.find(
    (g) =>
      g.section === 'step' &&
      g.batch === 100 &&
      g.length === settings.stepLength &&
      g.kind === 'uniform ids',
  );
  if (at100?.srnn?.msPerStep !== undefined) {
    const yelp = PAPER_DATASETS.yelp2013;
    const steps = Math.ceil((yelp.documents * yelp.paperSplit[0]) / 100);
    const minutes = (steps * at100.srnn.msPerStep) / 60000;
    const gru = at100.ours?.msPerStep;
    notes.push(
      `Projected from the batch-100 step above: an epoch of the paper's ${yelp.name} ` +
        `(${grouped(yelp.documents)} documents, 80% for training: ${grouped(steps)} steps of 100 at ` +
        `T = ${yelp.maxLen}) takes ${grouped(minutes)} minutes of training steps for ${at100.srnn.model}` +
        (gru !== undefined ? ` and ${grouped((steps * gru) / 60000)} for our GRU` : '') +
        `, evaluation not included; \`pnpm reproduce\` prints its own estimate, from warm-up steps, before training.`,
    );
  }
  return notes.map((n) => bullet(n));
}

/** Another cell's SRNN against the GRU cell's, per group (runs with one cell have none). */
function cellRatios(all: Group[]): string | undefined {
  const others = all.filter((g) => g.section === 'step' && g.srnn?.timeVsGruSrnn !== undefined);
  if (others.length === 0) return undefined;
  const byCell = new Map<string, string[]>();
  for (const g of others) {
    const cell = g.srnn!.cell ?? '';
    byCell.set(cell, [
      ...(byCell.get(cell) ?? []),
      `${g.srnn!.timeVsGruSrnn!.toFixed(2)}x at batch ${g.batch} (${g.kind})`,
    ]);
  }
  return [...byCell]
    .map(
      ([cell, ratios]) =>
        `The ${cell.toUpperCase()} cell's SRNN(8,2) step took ${ratios.join(', ')} the time of the ` +
        `same SRNN with the GRU cell, in the same rounds` +
        (cell === 'lstm' ? " (an LSTM step does 4/3 of a GRU step's arithmetic)." : '.'),
    )
    .join(' ');
}

/** In-browser inference beside Node's, or why it was skipped (runs before it have neither). */
function browserNote(run: BenchRun): string | undefined {
  const browser = run.extra.speed.browser;
  if (browser === undefined) return undefined;
  if ('skipped' in browser) return `In-browser inference: ${browser.skipped}.`;
  const rate = (where: string, backend: string) =>
    browser.rows.find((r) => r.where === where && r.backend === backend)?.documentsPerSecond;
  const page = rate('chromium', 'wasm');
  const node = browser.rows
    .filter((r) => r.where === 'node')
    .map((r) => `${grouped(r.documentsPerSecond)} on ${r.backend}`);
  return (
    `Inference of one trained model (${browser.model}) on the same ${grouped(browser.texts)} texts ` +
    `(${browser.distinctTexts} distinct reviews): ` +
    (page !== undefined
      ? `${grouped(page)} documents per second in its exported web page (${browser.chromium}, headless, wasm backend)`
      : 'no figure from the web page') +
    `, against Node.js's ${node.join(' and ')}` +
    (browser.browserToNode !== undefined
      ? `; the page over Node on the same backend: ${browser.browserToNode.toFixed(2)}x`
      : '') +
    `; medians of ${browser.repeats} rounds.`
  );
}

export function benchSection(run: BenchRun): string {
  const all = groups(run);
  const s = run.extra.settings;
  return [
    wrapProse(
      describeRun('pnpm bench', {
        machine: run.machine,
        conditions: run.extra.conditions,
        backend: run.extra.backend,
      }),
    ),
    wrapProse(
      `Median ms per training step at vocabulary ${grouped(s.sizes.vocabulary)}, embedding ` +
        `${s.sizes.embeddingDim} (trainable), GRU(${s.sizes.units}), ${s.sizes.classes} classes, exact ` +
        `Adam. At T = ${grouped(s.stepLength)} each figure is the median of ${s.rounds} rounds, ` +
        `each round timing our SRNN and GRU and then the PyTorch peer:`,
    ),
    stepTable(run, all),
    observations(run, all).join('\n'),
  ].join('\n\n');
}
