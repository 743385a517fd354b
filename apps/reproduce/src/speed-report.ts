/** Writes the `pnpm bench` report: speed.md for people, speed.json for the README's figures. */
import { buildRunReport } from '@srnn/eval';
import { writeFileAtomic } from '@srnn/files';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { speedTables, type SpeedReport } from './experiments/speed';
import { PAPER_SIZES, type ModelSizes } from './experiments/timing';
import { runConditions } from './report';

/** The settings a bench ran with, recorded beside its figures. */
export interface RecordedSpeedSettings {
  stepLength: number;
  rounds: number;
  sizes: ModelSizes;
  [other: string]: unknown;
}

/** The run a report comes from: its backend line, start, duration and load. */
export interface RunContext {
  backend: string;
  startedAt: string;
  seconds: number;
  loadAverageAtStart: number[];
}

/** The same cell, written the same way wherever our GRU and PyTorch's are compared. */
export const GRU_VARIANTS_NOTE =
  "The peer's GRU is PyTorch's nn.GRU: tanh candidate, reset gate applied after the recurrent " +
  "product (reset-after). Ours is the paper's: linear candidate, reset gate applied before it " +
  '(reset-before). Both do the same products per step, so their times compare; they do not ' +
  'compute the same function.';

export function describeSizes(sizes: ModelSizes): string {
  const paper =
    sizes.vocabulary === PAPER_SIZES.vocabulary &&
    sizes.embeddingDim === PAPER_SIZES.embeddingDim &&
    sizes.units === PAPER_SIZES.units &&
    sizes.classes === PAPER_SIZES.classes;
  return `${paper ? "the paper's sizes: " : ''}vocabulary ${sizes.vocabulary}, embedding ${sizes.embeddingDim}, ${sizes.units} units, ${sizes.classes} classes`;
}

/** How the natural-text batches were made, with the generator's fixed parameters. */
export function naturalTextNote(report: SpeedReport): string {
  const p = report.naturalText;
  return `Uniform: ids drawn uniformly from the vocabulary at every position. Natural text: each document's length drawn from a log-normal law with the mean and maximum of ${p.dataset} in the paper's table 1 (${p.meanWords} words on average, at most ${p.maxWords}; sigma ${p.lengthSigma}), each word's rank from a Zipf law (exponent ${p.zipfExponent}) over its ${p.corpusVocabulary} distinct words, ranks beyond the model's vocabulary dropped as the tokenizer drops them, padded and truncated at the front; seed ${p.seed}. The PyTorch peer reads the same batches from .npy files.`;
}

/** The LSTM's (or another cell's) SRNN(8,2) time against the GRU's, one line per group. */
export function cellRatios(report: SpeedReport): string[] {
  return report.rows
    .filter((r) => r.section === 'step' && r.timeVsGruSrnn !== undefined)
    .map(
      (r) =>
        `- ${r.model} at batch ${r.batch}, ${r.ids === 'natural' ? (r.skipPadding ? 'natural text, padding skipped' : 'natural text') : 'uniform ids'}: ${r.timeVsGruSrnn!.toFixed(2)}x the time of the same SRNN with the GRU cell.`,
    );
}

/** speed.md's browser section: the table and the ratio, or why it was skipped. */
function browserSection(report: SpeedReport, table: string): string[] {
  const browser = report.browser;
  if (browser === undefined) return [];
  const head = ['## Inference in a web page beside Node.js', ''];
  if ('skipped' in browser) return [...head, `Browser inference ${browser.skipped}.`, ''];
  return [
    ...head,
    `The model ${browser.model} exported as a web page (\`srnn export --web\`) and loaded in ${browser.chromium} (headless, TensorFlow.js wasm backend), beside @srnn/inference in this Node.js process on the same model and the same ${browser.texts} texts (${browser.distinctTexts} distinct, from ${browser.textsFile}), classified as one call per run; ${browser.repeats} rounds after a warm-up, each timing Node on each backend and then the page, each figure the median of its rounds.`,
    '',
    table,
    ...(browser.browserToNode !== undefined
      ? [
          `The page's documents per second over Node's on the same (wasm) backend: ${browser.browserToNode.toFixed(2)}x.`,
          '',
        ]
      : []),
  ];
}

/** Writes speed.md and speed.json (every setting, figure, backend and machine); returns the Markdown. */
export async function writeSpeedReport(
  outDir: string,
  report: SpeedReport,
  settings: RecordedSpeedSettings,
  run: RunContext,
): Promise<string> {
  await mkdir(outDir, { recursive: true });
  const t = speedTables(report);
  const md = [
    '# SRNN training speed on this machine',
    '',
    `${run.backend.replace(/^backend: /, 'Backend: ').split(' — ')[0]}; ${describeSizes(settings.sizes)}, trainable embedding, fused exact Adam. Median ms per training step (forward, backward, update), models measured one after another in this run; at T = ${settings.stepLength} in ${settings.rounds} rounds that each time our SRNN and GRU and then the PyTorch peer (1 and 2 threads in the first round, the faster after), each figure the median of its rounds. Memory columns are the process's high-water marks so far, in the order the rows ran.`,
    '',
    `## The paper's step (T = ${settings.stepLength})`,
    '',
    t.step.markdown(),
    ...(cellRatios(report).length > 0
      ? [
          "Another cell against the GRU: the SRNN with that cell over the SRNN with the GRU cell, the same batches, in the same rounds (the LSTM does 4/3 of the GRU's arithmetic per step).",
          '',
          ...cellRatios(report),
          '',
        ]
      : []),
    ...(report.peer.length > 0
      ? [
          "PyTorch ms / ours: the peer's best time (1 or 2 threads) for the same model and batch, divided by ours; above 1 means faster than PyTorch.",
          '',
          GRU_VARIANTS_NOTE,
        ]
      : []),
    ...(report.peerSkipped ? ['', `PyTorch peer: ${report.peerSkipped}.`] : []),
    '',
    '## SRNN against sequence length',
    '',
    t.length.markdown(),
    ...report.rows
      .filter((r) => r.skipped)
      .map((r) => `- ${r.model} at T = ${r.length}, batch ${r.batch}: ${r.skipped}.`),
    '',
    '## Inference',
    '',
    t.inference.markdown(),
    ...browserSection(report, t.browser.markdown()),
    '## The batches of the step',
    '',
    naturalTextNote(report),
    '',
    t.batches.markdown(),
    ...(report.products.length > 0
      ? [
          "## The first level's input projection, one product",
          '',
          'Median of 7 float32 products after a warm-up: ours on this backend (its worker threads included), the peer in torch.matmul at 1 and 2 threads.',
          '',
          t.products.markdown(),
        ]
      : []),
    ...(report.peer.length > 0 ? ['## PyTorch peer runs', '', t.peer.markdown()] : []),
  ].join('\n');
  await writeFileAtomic(join(outDir, 'speed.md'), `${md}\n`);
  const json = buildRunReport([], {
    settings,
    speed: report,
    backend: run.backend,
    conditions: runConditions(run),
  });
  await writeFileAtomic(join(outDir, 'speed.json'), `${JSON.stringify(json, null, 2)}\n`);
  return md;
}
