import type { TopLevelSpec } from 'vega-lite';
import type { EpochRecord } from './training-types';

type VegaModule = typeof import('vega');
type VegaLiteModule = typeof import('vega-lite');

/** CommonJS modules loaded through import() arrive either as the namespace or under `default`. */
function unwrap<T extends object>(module: T, probe: string): T {
  const inner = (module as { default?: T }).default;
  return inner !== undefined && probe in inner ? inner : module;
}

/**
 * Renders a Vega-Lite specification to an SVG string with vega's headless renderer (no browser,
 * no canvas). vega and vega-lite are loaded on first use, so importing this package stays light.
 */
export async function renderVegaLiteSvg(spec: TopLevelSpec): Promise<string> {
  const vega = unwrap<VegaModule>(await import('vega'), 'View');
  const vegaLite = unwrap<VegaLiteModule>(await import('vega-lite'), 'compile');
  const compiled = vegaLite.compile(spec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** One model's per-epoch history for a learning-curve chart. */
export interface LearningCurveSeries {
  readonly name: string;
  readonly history: readonly EpochRecord[];
}

/** Size and title of a chart. */
export interface ChartOptions {
  readonly title?: string;
  readonly width?: number;
  readonly height?: number;
}

/** The points of a learning-curve chart: per model, epoch and split, the metric's value. */
function learningCurvePoints(
  series: readonly LearningCurveSeries[],
  metric: 'accuracy' | 'loss',
): { model: string; epoch: number; split: 'train' | 'validation'; value: number }[] {
  return series.flatMap((s) =>
    s.history.flatMap((r) => [
      {
        model: s.name,
        epoch: r.epoch,
        split: 'train' as const,
        value: metric === 'accuracy' ? r.trainAccuracy * 100 : r.loss,
      },
      {
        model: s.name,
        epoch: r.epoch,
        split: 'validation' as const,
        value: metric === 'accuracy' ? r.validationAccuracy * 100 : r.validationLoss,
      },
    ]),
  );
}

/**
 * Learning curves: accuracy (train and validation, in %) or loss (train and validation) per
 * epoch, one colour per model, dashed lines for training figures.
 */
export async function learningCurvesSvg(
  series: readonly LearningCurveSeries[],
  metric: 'accuracy' | 'loss',
  options: ChartOptions = {},
): Promise<string> {
  if (series.length === 0)
    throw new Error('learningCurvesSvg: series must list at least one model');
  const values = learningCurvePoints(series, metric);
  const epochs = [...new Set(series.flatMap((s) => s.history.map((r) => r.epoch)))].sort(
    (a, b) => a - b,
  );
  return renderVegaLiteSvg({
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: {
      text: options.title ?? (metric === 'accuracy' ? 'Accuracy per epoch' : 'Loss per epoch'),
      subtitle: 'solid: training, dashed: validation',
    },
    width: options.width ?? 480,
    height: options.height ?? 300,
    data: { values },
    mark: { type: 'line', point: true },
    encoding: {
      x: {
        field: 'epoch',
        type: 'quantitative',
        title: 'epoch',
        axis: { values: epochs, format: 'd' },
      },
      y: {
        field: 'value',
        type: 'quantitative',
        title: metric === 'accuracy' ? 'accuracy (%)' : 'cross-entropy',
        scale: { zero: false },
      },
      color: { field: 'model', type: 'nominal', title: 'model' },
      strokeDash: {
        field: 'split',
        type: 'nominal',
        title: 'split',
        // Dash legends render without symbols in vega's SVG output: the subtitle says it instead.
        scale: {
          domain: ['train', 'validation'],
          range: [
            [1, 0],
            [4, 3],
          ],
        },
        legend: null,
      },
      detail: { field: 'split' },
    },
  });
}

/** One timing: a model's time at one sequence length. */
export interface LengthTiming {
  readonly model: string;
  readonly sequenceLength: number;
  /** Any time unit; name it in `yTitle`. */
  readonly time: number;
}

/**
 * Time against sequence length on log-log axes, one line per model (the paper's table 3 as a
 * chart). Lengths and times must be positive.
 */
export async function timeVersusLengthSvg(
  points: readonly LengthTiming[],
  options: ChartOptions & { yTitle?: string } = {},
): Promise<string> {
  if (points.length === 0)
    throw new Error('timeVersusLengthSvg: points must list at least one timing');
  const bad = points.find((p) => !(p.sequenceLength > 0) || !(p.time > 0));
  if (bad) {
    throw new Error(
      `timeVersusLengthSvg: log axes need positive sequenceLength and time, got ${JSON.stringify(bad)}`,
    );
  }
  return renderVegaLiteSvg({
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: options.title ?? 'Training time against sequence length',
    width: options.width ?? 480,
    height: options.height ?? 300,
    data: { values: points.map((p) => ({ ...p })) },
    mark: { type: 'line', point: true },
    encoding: {
      x: {
        field: 'sequenceLength',
        type: 'quantitative',
        title: 'sequence length',
        scale: { type: 'log', base: 2 },
      },
      y: {
        field: 'time',
        type: 'quantitative',
        title: options.yTitle ?? 'seconds',
        scale: { type: 'log' },
      },
      color: { field: 'model', type: 'nominal', title: 'model' },
    },
  });
}
