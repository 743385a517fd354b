import { writeFileAtomic } from '@srnn/files';
import { machineInfo, type MachineInfo } from './machine';
import { table, type Table } from './table';
import type { CompletedTraining, TrainingResult } from './training-types';

/** Everything about a set of runs, for a JSON report. */
export interface RunReport {
  /** ISO time the report was made. */
  readonly generatedAt: string;
  readonly machine: MachineInfo;
  /** Each run's result: settings, backend, per-epoch history, best epoch, test metrics. */
  readonly runs: readonly TrainingResult[];
  /** Anything else the caller wants kept beside the figures (e.g. data set, paper figures). */
  readonly extra: Record<string, unknown>;
}

/** Collects results with the machine description (CPU, cores, memory, Node, tfjs backend). */
export function buildRunReport(
  runs: readonly TrainingResult[],
  extra: Record<string, unknown> = {},
): RunReport {
  return { generatedAt: new Date().toISOString(), machine: machineInfo(), runs, extra };
}

/** Writes a report as indented JSON, atomically. */
export async function writeJsonReport(path: string, report: RunReport): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(report, null, 2)}\n`);
}

/** The paper's figures for one model, shown beside ours. */
export interface PaperFigures {
  readonly validationPercent?: number;
  readonly testPercent?: number;
  readonly secondsPerEpoch?: number;
}

const percent = (value: unknown): string =>
  typeof value === 'number' && Number.isFinite(value) ? (value * 100).toFixed(2) : '';
const fixed =
  (digits: number) =>
  (value: unknown): string =>
    typeof value === 'number' && Number.isFinite(value) ? value.toFixed(digits) : '';

/** Mean training seconds per epoch of a run. */
export function secondsPerEpoch(run: CompletedTraining): number {
  return run.history.reduce((sum, r) => sum + r.seconds, 0) / run.history.length;
}

/**
 * The results table: model, parameters, best validation %, test % at that checkpoint, seconds per
 * epoch, and the paper's figures (keyed by model name) beside ours when given.
 */
export function resultsTable(
  runs: readonly CompletedTraining[],
  paper: Record<string, PaperFigures> = {},
): Table {
  return table(runs, [
    { header: 'model', value: (r) => r.settings.name },
    { header: 'params', value: (r) => r.settings.parameterCount },
    { header: 'val %', value: (r) => r.bestValidationAccuracy, format: percent, align: 'right' },
    { header: 'test %', value: (r) => r.test?.accuracy, format: percent, align: 'right' },
    { header: 's/epoch', value: (r) => secondsPerEpoch(r), format: fixed(1), align: 'right' },
    {
      header: 'paper val %',
      value: (r) => paper[r.settings.name]?.validationPercent,
      format: fixed(2),
      align: 'right',
    },
    {
      header: 'paper test %',
      value: (r) => paper[r.settings.name]?.testPercent,
      format: fixed(2),
      align: 'right',
    },
    {
      header: 'paper s/epoch',
      value: (r) => paper[r.settings.name]?.secondsPerEpoch,
      format: fixed(0),
      align: 'right',
    },
  ]);
}
