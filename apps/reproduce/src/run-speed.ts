/** `pnpm bench` (`pnpm reproduce --experiment speed`): the settings it runs with, and its report. */
import * as tf from '@tensorflow/tfjs';
import { startProductWorkers } from '@srnn/backend';
import { listCells } from './cells';
import { peerScriptPath, runSpeed } from './experiments/speed';
import { PAPER_SIZES } from './experiments/timing';
import { checkCells } from './lineup';
import type { ReproduceOptions } from './options';
import { writeSpeedReport, type RunContext } from './speed-report';

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
    cells: options.cell ?? ['gru'],
    ...(options.python ? { python: options.python } : {}),
    sizes: {
      ...PAPER_SIZES,
      ...(options.vocab ? { vocabulary: options.vocab } : {}),
      ...(options.embeddingDim ? { embeddingDim: options.embeddingDim } : {}),
      ...(options.units ? { units: options.units } : {}),
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
    },
    log,
  };
  checkCells(settings.cells, listCells(), false);
  // Timed steps must not include the product workers' start-up.
  if (tf.getBackend() === 'wasm') await startProductWorkers();
  const report = await runSpeed(settings, peerScriptPath());
  const { log: _log, ...recorded } = settings;
  const seconds = (Date.now() - Date.parse(context.startedAt)) / 1000;
  return writeSpeedReport(options.out, report, recorded, { ...context, seconds });
}
