import { parseSpec, plan } from '@srnn/slicing';
import type { Command } from 'commander';
import { z } from 'zod';
import { activateBackend } from '../backend';
import type { CliContext } from '../context';
import { EXIT, UsageError } from '../errors';
import { BACKEND_CHOICES, enumFlag, intFlag, parseFlags } from '../flags';
import { benchmarkTrainingSteps } from '../speed-benchmark';
import { loadCellPackages } from '../cell-packages';
import { listCells } from '@srnn/model';

const benchFlagsSchema = z.object({
  maxLen: intFlag('--max-len', 1),
  batchSize: intFlag('--batch-size', 1),
  vocab: intFlag('--vocab', 2),
  embeddingDim: intFlag('--embedding-dim', 1),
  units: intFlag('--units', 1),
  classes: intFlag('--classes', 2),
  spec: z.string(),
  cell: z.string(),
  cellPackage: z.array(z.string()).optional(),
  steps: intFlag('--steps', 1),
  warmup: intFlag('--warmup', 0),
  seed: intFlag('--seed', 0),
  backend: enumFlag('--backend', BACKEND_CHOICES),
  json: z.boolean().optional(),
});

async function runBench(raw: Record<string, unknown>, context: CliContext): Promise<number> {
  const flags = parseFlags(benchFlagsSchema, raw);
  try {
    plan({ length: flags.maxLen, ...parseSpec(flags.spec) });
  } catch (error) {
    throw new UsageError(`--spec: ${(error as Error).message}`);
  }
  await loadCellPackages(flags.cellPackage ?? [], process.cwd());
  if (!listCells().includes(flags.cell)) {
    throw new UsageError(
      `--cell must be one of ${listCells().join(', ')} (the registered cells; --cell-package NAME loads more); got '${flags.cell}'`,
    );
  }
  const backend = await activateBackend(flags.backend, context);
  const { json: _json, backend: _backend, cellPackage: _packages, ...settings } = flags;
  const rows = await benchmarkTrainingSteps(settings);
  const [gru, srnn] = rows;
  const speedup = gru!.medianMs / srnn!.medianMs;
  if (flags.json) {
    context.stdout.write(`${JSON.stringify({ backend, settings, rows, speedup })}\n`);
    return EXIT.ok;
  }
  context.stdout.write(
    `ms per training step (median of ${flags.steps}, after ${flags.warmup} warm-up), backend ${backend}\n` +
      `settings: max-len ${flags.maxLen}, batch ${flags.batchSize}, vocabulary ${flags.vocab}, embedding ${flags.embeddingDim}, units ${flags.units}, classes ${flags.classes}, Adam\n` +
      rows
        .map(
          (r) =>
            `  ${r.model.padEnd(12)} ${r.medianMs.toFixed(1).padStart(10)} ms  (${r.parameters} parameters)`,
        )
        .join('\n') +
      `\n  ${srnn!.model} is ${speedup.toFixed(2)}x the speed of ${gru!.model}\n`,
  );
  return EXIT.ok;
}

/** `srnn bench`. */
export function benchCommand(
  program: Command,
  context: CliContext,
  setExit: (code: number) => void,
): void {
  program
    .command('bench')
    .summary('time a training step: GRU (or --cell) against SRNN(8,2), same sizes')
    .option('--max-len <n>', 'tokens per document', '512')
    .option('--batch-size <n>', 'documents per step', '32')
    .option('--vocab <n>', 'vocabulary size', '30000')
    .option('--embedding-dim <n>', 'embedding size', '200')
    .option('--units <n>', 'hidden units', '50')
    .option('--classes <n>', 'output classes', '5')
    .option('--spec <spec>', 'the SRNN to compare', 'SRNN(8,2)')
    .option(
      '--cell <cell>',
      `the recurrent cell of both models: one of the registered cells (${listCells().join(', ')})`,
      'gru',
    )
    .option(
      '--cell-package <name>',
      'load a cell package installed in this project (repeatable); its cells become --cell values',
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option('--steps <n>', 'timed steps (the median is reported)', '3')
    .option('--warmup <n>', 'untimed steps first', '1')
    .option('--seed <n>', 'seed of the random batch and weights', '2018')
    .option('--backend <backend>', `TensorFlow.js backend: ${BACKEND_CHOICES.join(', ')}`, 'auto')
    .option('--json', 'print the result as one JSON line')
    .addHelpText(
      'after',
      `
Examples:
  srnn bench
  srnn bench --max-len 1024 --spec "SRNN(8,3)" --batch-size 8 --backend wasm --json`,
    )
    .action(async (options: Record<string, unknown>) => setExit(await runBench(options, context)));
}
