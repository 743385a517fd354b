/**
 * The README's section of `pnpm reproduce` figures, generated from the run's report.json: table 2
 * (test accuracy and seconds per epoch by corpus), table 3 (ms per step against length), and the
 * sentences that quote them. Nothing here is measured; everything is read from the run.
 */
import { paperAverages, PAPER_HARDWARE } from '../paper';
import { alignedTable, bullet, grouped, wrapProse } from './markdown';
import { describeRun } from './run-description';
import type { ReproduceRun } from './run-json';

type Table2Run = ReproduceRun['extra']['table2'][number]['runs'][number];

/** SRNN(2,5) at T = 64 and SRNN(2,7) at T = 256 are one row, as the paper's n = 2 family. */
export function modelFamily(model: string): string {
  return model.startsWith('SRNN(2,') ? 'SRNN(2,k)' : model;
}

const percent = (v: number | undefined) => (v === undefined ? '' : (v * 100).toFixed(1));
const times = (v: number | undefined) => (v === undefined ? '' : `${v.toFixed(1)}x`);
const ms = (v: number | undefined) => (v === undefined ? 'skipped' : grouped(v));

/** Rows by model family in the order the models first ran, each with its run per data set. */
function byModel(run: ReproduceRun): { family: string; runs: Map<string, Table2Run> }[] {
  const rows = new Map<string, Map<string, Table2Run>>();
  for (const dataset of run.extra.table2) {
    for (const r of dataset.runs) {
      const family = modelFamily(r.model);
      const row = rows.get(family) ?? new Map<string, Table2Run>();
      row.set(dataset.dataset, r);
      rows.set(family, row);
    }
  }
  return [...rows].map(([family, runs]) => ({ family, runs }));
}

function table2Tables(run: ReproduceRun): string[] {
  const datasets = run.extra.table2.map((d) => d.dataset);
  const models = byModel(run);
  const paper = paperAverages();
  const accuracy = alignedTable(models, [
    { header: 'model', cell: (m) => m.family },
    ...datasets.map((d) => ({
      header: d,
      cell: (m: (typeof models)[number]) => percent(m.runs.get(d)?.testAccuracy),
      align: 'right' as const,
    })),
    {
      header: 'paper: mean test % (6 data sets)',
      cell: (m) => paper.get(m.family)?.testAccuracy.toFixed(2) ?? '',
      align: 'right',
    },
  ]);
  const seconds = alignedTable(models, [
    { header: 'model', cell: (m) => m.family },
    ...datasets.map((d) => ({
      header: `${d} s/epoch`,
      cell: (m: (typeof models)[number]) => m.runs.get(d)?.secondsPerEpoch.toFixed(1) ?? '',
      align: 'right' as const,
    })),
    {
      header: 'paper: mean speed-up over its GRU',
      cell: (m) => times(paper.get(m.family)?.speedupOverGru),
      align: 'right',
    },
  ]);
  const corpora = run.extra.table2
    .map(
      (d) =>
        `${d.dataset} (${grouped(d.documents)} documents, T = ${d.maxLength}, ${d.meanTokens.toFixed(0)} tokens on average)`,
    )
    .join(', ');
  const s = run.extra.settings;
  return [
    wrapProse(
      `Table 2 on ${corpora}, with vocabulary ${grouped(s.vocabulary)}, embedding ${s.embeddingDim}, ` +
        `GRU(${s.units}) and batch ${s.batchSize}. Test accuracy in % at the best-validation epoch:`,
    ),
    accuracy,
    wrapProse(
      `Seconds per training epoch (training steps only, the run's own clock). The paper's speed-ups ` +
        `are its ${PAPER_HARDWARE} figures, for scale:`,
    ),
    seconds,
  ];
}

function table3Lines(run: ReproduceRun): string[] {
  const rows = run.extra.table3;
  if (rows.length === 0) return [];
  const t = alignedTable(rows, [
    { header: 'T', cell: (r) => grouped(r.sequenceLength), align: 'right' },
    { header: 'SRNN', cell: (r) => r.srnn },
    { header: 'SRNN ms', cell: (r) => grouped(r.srnnMsPerStep), align: 'right' },
    { header: 'GRU (ours, fused) ms', cell: (r) => ms(r.gruMsPerStep), align: 'right' },
    { header: 'GRU (tf.layers) ms', cell: (r) => ms(r.tfjsGruMsPerStep), align: 'right' },
    { header: 'SRNN vs ours', cell: (r) => times(r.speedup), align: 'right' },
    { header: 'SRNN vs tf.layers', cell: (r) => times(r.speedupVsTfjs), align: 'right' },
    { header: 'paper speed-up', cell: (r) => times(r.paper?.speedup), align: 'right' },
  ]);
  const sizes = run.extra.settings.table3Sizes;
  return [
    wrapProse(
      `Table 3, median ms per training step at batch ${rows[0]!.batchSize} (vocabulary ` +
        `${grouped(sizes.vocabulary)}, embedding ${sizes.embeddingDim}, GRU(${sizes.units}), ` +
        `${sizes.classes} classes; the paper's speed-up is its GPU's):`,
    ),
    t,
  ];
}

/** Sentences that quote the run: where a model's loss ran away, and the speed-up ranges. */
function observations(run: ReproduceRun): string[] {
  const notes: string[] = [];
  const testSizes = run.extra.table2
    .map((d) => (d as { splitSizes?: number[] }).splitSizes?.[2])
    .filter((n): n is number => typeof n === 'number');
  if (testSizes.length > 0) {
    const smallest = Math.min(...testSizes);
    notes.push(
      `The smallest test split holds ${grouped(smallest)} documents, so one document there is ` +
        `${(100 / smallest).toFixed(1)} points of accuracy.`,
    );
  }
  for (const dataset of run.extra.table2) {
    for (const r of dataset.runs) {
      const losses = r.epochLosses ?? [];
      if (losses.length < 2) continue;
      const worst = Math.max(...losses.slice(1));
      if (worst > 2 * losses[0]!) {
        notes.push(
          `${r.model} on ${dataset.dataset}: the training loss rose from ${losses[0]!.toFixed(2)} ` +
            `(epoch 1) to ${worst.toFixed(1)} (epoch ${losses.indexOf(worst) + 1}); its test figure ` +
            `is from epoch ${r.bestEpoch ?? '?'}, its best on validation.`,
        );
      }
    }
  }
  const perLength = run.extra.table3.map((r) => {
    const against = [
      r.speedupVsTfjs !== undefined ? `${times(r.speedupVsTfjs)} over TensorFlow.js's own GRU` : '',
      r.speedup !== undefined ? `${times(r.speedup)} over this project's fused GRU` : '',
      r.paper ? `the paper's ${times(r.paper.speedup)} on its GPU` : '',
    ].filter((x) => x !== '');
    return `at T = ${grouped(r.sequenceLength)}, ${against.join(', ')}`;
  });
  if (perLength.length > 0)
    notes.push(`SRNN's speed-up per training step: ${perLength.join('; ')}.`);
  return notes.map((n) => bullet(n));
}

export function reproduceSection(run: ReproduceRun): string {
  const notes = observations(run);
  return [
    wrapProse(
      describeRun('pnpm reproduce', {
        machine: run.machine,
        conditions: run.extra.conditions,
        backend: run.extra.backend,
      }),
    ),
    ...table2Tables(run),
    ...table3Lines(run),
    ...(notes.length > 0 ? [notes.join('\n')] : []),
  ].join('\n\n');
}
