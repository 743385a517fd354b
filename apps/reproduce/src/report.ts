/**
 * Turns table 2 and table 3 results into tables (Markdown, CSV), charts (SVG) and one JSON report,
 * with the paper's figures beside ours and labelled as the paper's.
 */
import {
  buildRunReport,
  learningCurvesSvg,
  table,
  timeVersusLengthSvg,
  type Column,
  type Table,
  type TrainingResult,
} from '@srnn/eval';
import { writeFileAtomic } from '@srnn/files';
import { mkdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { describeSkipped, type Table2DatasetResult, type Table2Run } from './experiments/table2';
import type { ModelVariant } from './lineup';
import { summariseSeeds, type SeedSummary, type Spread } from './seed-summary';
import type { Table3Row } from './experiments/table3';
import type { ExperimentPlan } from './plan/experiment-plan';
import {
  PAPER_DATASET_NAMES,
  PAPER_HARDWARE,
  PAPER_TABLE3,
  paperAverages,
  paperRowsFor,
} from './paper';

const pct = (v: unknown) =>
  typeof v === 'number' && Number.isFinite(v) ? (v * 100).toFixed(2) : '';
const num = (digits: number) => (v: unknown) =>
  typeof v === 'number' && Number.isFinite(v) ? v.toFixed(digits) : '';
const ratio = (v: unknown) =>
  typeof v === 'number' && Number.isFinite(v) ? `${v.toFixed(1)}x` : '';

export interface Table2Line {
  run: Table2Run;
  speedup?: number;
  paperVal?: number;
  paperTest?: number;
  paperSeconds?: number;
  paperSpeedup?: number;
}

interface PaperFigures {
  paperVal?: number;
  paperTest?: number;
  paperSeconds?: number;
  paperSpeedup?: number;
}

/**
 * The paper's figures for a model on a data set: its table 2 row for the paper's data sets (a
 * variant such as 'BiSRNN(8,2)' or 'SRNN(8,2)+attention' beside its slicing's row), else the
 * paper's mean over its six data sets.
 */
function paperFigures(dataset: string, variant: ModelVariant): PaperFigures {
  const paperName = PAPER_DATASET_NAMES[dataset];
  if (!paperName) {
    const avg = paperAverages().get(variant.paperFamily);
    return avg ? { paperTest: avg.testAccuracy, paperSpeedup: avg.speedupOverGru } : {};
  }
  const paperRows = paperRowsFor(paperName);
  const paperGru = paperRows.get('GRU');
  const row =
    paperRows.get(variant.label) ??
    paperRows.get(variant.paperFamily) ??
    (variant.paperFamily === 'SRNN(2,k)'
      ? [...paperRows.values()].find((r) => r.model.startsWith('SRNN(2,'))
      : undefined);
  if (!row) return {};
  return {
    paperVal: row.validationAccuracy,
    paperTest: row.testAccuracy,
    paperSeconds: row.secondsPerEpoch,
    ...(paperGru ? { paperSpeedup: paperGru.secondsPerEpoch / row.secondsPerEpoch } : {}),
  };
}

/** Our runs of one data set, each beside the paper's figures for the same model. */
export function table2Lines(result: Table2DatasetResult): Table2Line[] {
  return result.runs.map((run) => {
    // Beside the GRU trained with the same seed.
    const gru = result.runs.find((r) => r.variant.architecture === 'rnn' && r.seed === run.seed);
    return {
      run,
      ...(gru ? { speedup: gru.secondsPerEpoch / run.secondsPerEpoch } : {}),
      ...paperFigures(result.dataset, run.variant),
    };
  });
}

/** One row per model of a data set trained with several seeds, beside the paper's figures. */
export interface SeedLine extends PaperFigures {
  summary: SeedSummary;
  /** The GRU's mean seconds per epoch over this model's. */
  speedup?: number;
}

export function seedLines(result: Table2DatasetResult): SeedLine[] {
  const summaries = summariseSeeds(result.runs);
  const gru = result.runs.find((r) => r.variant.architecture === 'rnn');
  const gruSeconds = summaries.find((s) => s.model === gru?.variant.label)?.secondsPerEpoch.mean;
  return summaries.map((summary) => {
    const variant = result.runs.find((r) => r.variant.label === summary.model)!.variant;
    return {
      summary,
      ...(gruSeconds !== undefined ? { speedup: gruSeconds / summary.secondsPerEpoch.mean } : {}),
      ...paperFigures(result.dataset, variant),
    };
  });
}

/** '81.30 ± 1.20' (mean ± sample standard deviation), in % for accuracies. */
export const meanSd = (scale: number, digits: number) => (v: unknown) => {
  const s = v as Spread | undefined;
  return s ? `${(s.mean * scale).toFixed(digits)} ± ${(s.sd * scale).toFixed(digits)}` : '';
};
/** '80.00–82.50' (min–max), in % for accuracies. */
export const range = (scale: number, digits: number) => (v: unknown) => {
  const s = v as Spread | undefined;
  return s ? `${(s.min * scale).toFixed(digits)}–${(s.max * scale).toFixed(digits)}` : '';
};

const seedColumns: Column<SeedLine>[] = [
  { header: 'model', value: (l) => l.summary.model },
  { header: 'seeds', value: (l) => l.summary.seeds.length, align: 'right' },
  {
    header: 'val % mean ± sd',
    value: (l) => l.summary.bestValidationAccuracy,
    format: meanSd(100, 2),
    align: 'right',
  },
  {
    header: 'test % mean ± sd',
    value: (l) => l.summary.testAccuracy,
    format: meanSd(100, 2),
    align: 'right',
  },
  {
    header: 'test % min–max',
    value: (l) => l.summary.testAccuracy,
    format: range(100, 2),
    align: 'right',
  },
  {
    header: 's/epoch mean ± sd',
    value: (l) => l.summary.secondsPerEpoch,
    format: meanSd(1, 1),
    align: 'right',
  },
  { header: 'speed-up vs GRU', value: (l) => l.speedup, format: ratio, align: 'right' },
  { header: 'paper val %', value: (l) => l.paperVal, format: num(2), align: 'right' },
  { header: 'paper test %', value: (l) => l.paperTest, format: num(2), align: 'right' },
  { header: 'paper s/epoch', value: (l) => l.paperSeconds, format: num(0), align: 'right' },
  { header: 'paper speed-up', value: (l) => l.paperSpeedup, format: ratio, align: 'right' },
];

export function seedTable(lines: SeedLine[]): Table {
  return table(lines, seedColumns);
}

/** The seeds the report's table 2 trains each model with (one unless --seeds or variants). */
export function reportSeeds(report: Pick<ReproductionReport, 'settings'>): number[] {
  const seeds = report.settings['seeds'];
  return Array.isArray(seeds) ? (seeds as number[]) : [];
}

const table2Columns: Column<Table2Line>[] = [
  { header: 'model', value: (l) => l.run.variant.label },
  { header: 'params', value: (l) => l.run.training.settings.parameterCount },
  {
    header: 'val %',
    value: (l) => l.run.training.bestValidationAccuracy,
    format: pct,
    align: 'right',
  },
  { header: 'test %', value: (l) => l.run.training.test?.accuracy, format: pct, align: 'right' },
  {
    header: 'macro-F1',
    value: (l) => l.run.training.test?.macroF1,
    format: num(3),
    align: 'right',
  },
  { header: 's/epoch', value: (l) => l.run.secondsPerEpoch, format: num(1), align: 'right' },
  { header: 'speed-up vs GRU', value: (l) => l.speedup, format: ratio, align: 'right' },
  { header: 'paper val %', value: (l) => l.paperVal, format: num(2), align: 'right' },
  { header: 'paper test %', value: (l) => l.paperTest, format: num(2), align: 'right' },
  { header: 'paper s/epoch', value: (l) => l.paperSeconds, format: num(0), align: 'right' },
  { header: 'paper speed-up', value: (l) => l.paperSpeedup, format: ratio, align: 'right' },
];

export function table2Table(lines: Table2Line[], withDataset = false, withSeed = false): Table {
  const [model, ...rest] = table2Columns;
  return table(lines, [
    ...(withDataset ? [{ header: 'dataset', value: (l: Table2Line) => l.run.dataset }] : []),
    model!,
    ...(withSeed ? [{ header: 'seed', value: (l: Table2Line) => l.run.seed }] : []),
    ...rest,
  ]);
}

/** What the paper columns of a data set's table hold. */
export function paperColumnsFor(dataset: string): string {
  const paperName = PAPER_DATASET_NAMES[dataset];
  return paperName
    ? `the paper's table 2 for ${paperName} (${PAPER_HARDWARE})`
    : `the paper's mean over its six data sets, test % and speed-up only (other data, for scale; ${PAPER_HARDWARE})`;
}

export function table3Table(rows: Table3Row[]): Table {
  const orSkipped = (v: unknown) => (v === undefined ? 'skipped' : num(0)(v));
  return table(rows, [
    { header: 'T', value: 'sequenceLength' },
    { header: 'SRNN', value: 'srnn' },
    { header: 'SRNN ms/step', value: 'srnnMsPerStep', format: num(0) },
    { header: 'GRU (ours) ms/step', value: (r) => r.gruMsPerStep, format: orSkipped },
    { header: 'speed-up vs ours', value: 'speedup', format: ratio },
    { header: 'GRU (tf.layers) ms/step', value: (r) => r.tfjsGruMsPerStep, format: orSkipped },
    { header: 'speed-up vs tf.layers', value: 'speedupVsTfjs', format: ratio },
    {
      header: `SRNN s, ${PAPER_TABLE3.documents} docs (extrapolated)`,
      value: 'srnnSeconds',
      format: num(1),
    },
    { header: `GRU (ours) s (extrapolated)`, value: 'gruSeconds', format: num(1) },
    { header: `GRU (tf.layers) s (extrapolated)`, value: 'tfjsGruSeconds', format: num(1) },
    { header: 'paper SRNN s', value: (r) => r.paper?.srnnSeconds },
    { header: 'paper GRU s', value: (r) => r.paper?.gruSeconds },
    { header: 'paper speed-up', value: (r) => r.paper?.speedup, format: ratio },
  ]);
}

export interface ReproductionReport {
  settings: Record<string, unknown>;
  backend: string;
  table2: Table2DatasetResult[];
  table3: Table3Row[];
  startedAt: string;
  seconds: number;
  /** os.loadavg() when the run started: how busy the machine was. */
  loadAverageAtStart: number[];
  /** What was estimated before training, to set beside what it took. */
  plan?: ExperimentPlan;
}

/** When a run started, how long it took and how busy the machine was, for the JSON reports. */
export function runConditions(report: {
  startedAt: string;
  seconds: number;
  loadAverageAtStart: number[];
}) {
  return {
    startedAt: report.startedAt,
    seconds: report.seconds,
    loadAverageAtStart: report.loadAverageAtStart,
  };
}

/**
 * A run's result with its paths relative to the results folder (`runs/uci-yelp/GRU/training`),
 * however `--out` was spelled: where the folder was is the machine's business, not the report's.
 */
function inRunFolder(outDir: string, run: TrainingResult): TrainingResult {
  const inside = (path: string) => (path === '' ? path : relative(outDir, path) || '.');
  return run.status === 'completed'
    ? { ...run, outputDir: inside(run.outputDir), bestWeightsPath: inside(run.bestWeightsPath) }
    : { ...run, outputDir: inside(run.outputDir), checkpointPath: inside(run.checkpointPath) };
}

/** Writes results.md, table2.csv, table3.csv, report.json and SVG charts; returns the Markdown. */
export async function writeReport(outDir: string, report: ReproductionReport): Promise<string> {
  await mkdir(outDir, { recursive: true });
  const md: string[] = ['# SRNN reproduction results', ''];
  md.push(
    `${report.backend.replace(/^backend: /, 'Backend: ')}. Run started ${report.startedAt}, took ${(report.seconds / 60).toFixed(1)} min.`,
  );
  md.push(
    'Our figures come from this run; columns headed "paper" are the paper\'s published figures.',
    '',
  );
  const multiSeed = reportSeeds(report).length > 1;
  if (multiSeed)
    md.push(
      `Each model trained once per seed (${reportSeeds(report).join(', ')}: initialisation, dropout and batch order), all on the split of the first. Figures per model: mean ± sample standard deviation (divisor n - 1) and the range (min–max) over its seeds.`,
      '',
    );
  const allLines: Table2Line[] = [];
  for (const result of report.table2) {
    const lines = table2Lines(result);
    allLines.push(...lines);
    md.push(`## Table 2: ${result.dataset}`, '');
    md.push(
      `${result.documents} documents, ${describeSkipped(result.skipped)} from the source, ${result.classes} classes, T = ${result.maxLength}, mean ${result.meanTokens.toFixed(1)} tokens per document, split ${result.splitSizes.join('/')}. Paper columns: ${paperColumnsFor(result.dataset)}.`,
      '',
    );
    if (multiSeed) {
      md.push(seedTable(seedLines(result)).markdown(), 'Each seed:', '');
    }
    md.push(table2Table(lines, false, multiSeed).markdown());
    if (result.interrupted) md.push(`Interrupted: ${result.interrupted}`, '');
    for (const f of result.failures)
      md.push(`- Failed: ${f.model}${multiSeed ? ` (seed ${f.seed})` : ''}: ${f.message}`);
    if (result.failures.length > 0) md.push('');
    if (result.runs.length > 0) {
      const svg = await learningCurvesSvg(
        result.runs.map((r) => ({
          name: multiSeed ? `${r.variant.label} seed ${r.seed}` : r.variant.label,
          history: r.training.history,
        })),
        'accuracy',
        { title: `${result.dataset}: accuracy per epoch` },
      );
      const file = `learning-curves-${result.dataset}.svg`;
      await writeFileAtomic(join(outDir, file), svg);
      md.push(`![${result.dataset} learning curves](${file})`, '');
    }
  }
  if (allLines.length > 0)
    await writeFileAtomic(join(outDir, 'table2.csv'), table2Table(allLines, true, multiSeed).csv());
  if (report.table3.length > 0) {
    const t = table3Table(report.table3);
    md.push('## Table 3: training time against sequence length', '');
    md.push(
      `Median ms per training step measured here at batch ${report.table3[0]!.batchSize}; the seconds for ${PAPER_TABLE3.documents} documents are extrapolated from those medians (batches x median step). Two GRU baselines: ours runs the whole recurrence as one fused kernel (as SRNN's levels do), tf.layers is TensorFlow.js's own per-step GRU, closer to the standard GRU the paper timed. Paper columns: the paper's table 3 (${PAPER_HARDWARE}).`,
      '',
      t.markdown(),
    );
    for (const r of report.table3)
      if (r.gruSkippedReason) md.push(`- T = ${r.sequenceLength}: skipped ${r.gruSkippedReason}.`);
    md.push('');
    await writeFileAtomic(join(outDir, 'table3.csv'), t.csv());
    const points = report.table3.flatMap((r) => [
      { model: 'SRNN(8,k)', sequenceLength: r.sequenceLength, time: r.srnnMsPerStep },
      ...(r.gruMsPerStep !== undefined
        ? [{ model: 'GRU (ours)', sequenceLength: r.sequenceLength, time: r.gruMsPerStep }]
        : []),
      ...(r.tfjsGruMsPerStep !== undefined
        ? [{ model: 'GRU (tf.layers)', sequenceLength: r.sequenceLength, time: r.tfjsGruMsPerStep }]
        : []),
      ...(r.paper
        ? [
            {
              model: 'paper SRNN(8,k) (s, 5,120 docs)',
              sequenceLength: r.sequenceLength,
              time: r.paper.srnnSeconds * 1000,
            },
            {
              model: 'paper GRU (s, 5,120 docs)',
              sequenceLength: r.sequenceLength,
              time: r.paper.gruSeconds * 1000,
            },
          ]
        : []),
    ]);
    await writeFileAtomic(
      join(outDir, 'time-vs-length.svg'),
      await timeVersusLengthSvg(points, {
        yTitle: 'ms per step (ours); ms for 5,120 docs (paper)',
      }),
    );
    md.push('![time against sequence length](time-vs-length.svg)', '');
  }
  const markdown = md.join('\n');
  await writeFileAtomic(join(outDir, 'results.md'), markdown);
  const json = buildRunReport(
    report.table2.flatMap((d) => d.runs.map((r) => inRunFolder(outDir, r.training))),
    {
      settings: report.settings,
      table2: report.table2.map((d) => ({
        ...d,
        ...(multiSeed ? { summaries: summariseSeeds(d.runs) } : {}),
        runs: d.runs.map((r) => ({
          dataset: r.dataset,
          model: r.variant.label,
          seed: r.seed,
          secondsPerEpoch: r.secondsPerEpoch,
          bestValidationAccuracy: r.training.bestValidationAccuracy,
          testAccuracy: r.training.test?.accuracy,
          parameterCount: r.training.settings.parameterCount,
          epochLosses: r.training.history.map((h) => h.loss),
          bestEpoch: r.training.bestEpoch,
        })),
      })),
      table3: report.table3,
      backend: report.backend,
      seconds: report.seconds,
      conditions: runConditions(report),
      ...(report.plan ? { plan: report.plan } : {}),
    },
  );
  await writeFileAtomic(join(outDir, 'report.json'), `${JSON.stringify(json, null, 2)}\n`);
  return markdown;
}
