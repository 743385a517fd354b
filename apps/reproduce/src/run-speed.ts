/** `pnpm bench` (`pnpm reproduce --experiment speed`): the settings it runs with, and its report. */
import * as tf from '@tensorflow/tfjs';
import { join } from 'node:path';
import { startProductWorkers } from '@srnn/backend';
import { listCells } from './cells';
import { peerScriptPath, runSpeed } from './experiments/speed';
import { PAPER_SIZES } from './experiments/timing';
import { repositoryRoot } from './docs/render-readme';
import { checkCells } from './lineup';
import type { ReproduceOptions } from './options';
import { writeSpeedReport, type RunContext } from './speed-report';

/** The browser section's model and texts: a first-release model and the hand-written reviews. */
function browserSettings() {
  const root = repositoryRoot();
  return {
    model: join(root, 'test-fixtures', 'legacy-models', 'srnn-gru'),
    texts: join(root, 'packages', 'pipeline', 'test', 'fixtures', 'reviews.csv'),
    copies: 25,
    repeats: 5,
    root,
  };
}

/** `pnpm bench`: writes <out>/speed.md and speed.json and returns the Markdown. */
export async function runSpeedExperiment(
  options: ReproduceOptions,
  log: (line: string) => void,
  context: Omit<RunContext, 'seconds'>,
): Promise<string> {
  const settings = {
    stepLength: 512,
    batchSizes: options.batchSizes ?? [32, 100],
    lengths: options.lengths ?? [512, 4096, 32768],
    lengthBatch: options.lengthBatch ?? 4,
    steps: options.steps ?? 5,
    rounds: options.rounds ?? 5,
    maxSeconds: options.maxSeconds ?? 300,
    peer: options.peer,
    // The LSTM beside the GRU by default: it does 4/3 of the GRU's arithmetic per step.
    cells: options.cell ?? ['gru', 'lstm'],
    ...(options.python ? { python: options.python } : {}),
    sizes: {
      ...PAPER_SIZES,
      ...(options.vocab ? { vocabulary: options.vocab } : {}),
      ...(options.embeddingDim ? { embeddingDim: options.embeddingDim } : {}),
      ...(options.units ? { units: options.units } : {}),
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
    },
    browser: browserSettings(),
    log,
  };
  checkCells(settings.cells, listCells(), false);
  // Timed steps must not include the product workers' start-up.
  if (tf.getBackend() === 'wasm') await startProductWorkers();
  const report = await runSpeed(settings, peerScriptPath());
  // The browser section's paths are recorded relative to the repository, in the report.
  const { log: _log, browser, ...rest } = settings;
  const recorded = { ...rest, browser: { copies: browser.copies, repeats: browser.repeats } };
  const seconds = (Date.now() - Date.parse(context.startedAt)) / 1000;
  return writeSpeedReport(options.out, report, recorded, { ...context, seconds });
}
