import { prepareData, RUN_FILES, trainModel, type ModelChoice } from '@srnn/pipeline';
import { formatSpec, parseSpec, plan } from '@srnn/slicing';
import type { Command } from 'commander';
import { z } from 'zod';
import { activateBackend } from '../backend';
import type { CliContext } from '../context';
import { EXIT, UsageError } from '../errors';
import {
  BACKEND_CHOICES,
  enumFlag,
  intFlag,
  parseFlags,
  pathFlag,
  positiveNumberFlag,
  PROGRESS_CHOICES,
  splitFlag,
} from '../flags';
import { addSourceOptions, sourceFlagsSchema, sourceFromFlags } from '../source-flags';

/** Values of --model: the paper's SRNN, its two recurrent baselines, and DCCNN. */
export const MODEL_CHOICES = ['srnn', 'gru', 'lstm', 'dccnn'] as const;
const CELL_CHOICES = ['gru', 'lstm'] as const;

const trainFlagsSchema = sourceFlagsSchema.extend({
  model: enumFlag('--model', MODEL_CHOICES),
  spec: z.string().optional(),
  slices: intFlag('--slices', 2).optional(),
  depth: intFlag('--depth', 1).optional(),
  cell: enumFlag('--cell', CELL_CHOICES).optional(),
  maxLen: intFlag('--max-len', 1),
  vocab: intFlag('--vocab', 2),
  embeddingDim: intFlag('--embedding-dim', 1),
  glove: pathFlag('--glove').optional(),
  units: intFlag('--units', 1),
  epochs: intFlag('--epochs', 1),
  batchSize: intFlag('--batch-size', 1),
  lr: positiveNumberFlag('--lr'),
  seed: intFlag('--seed', 0),
  split: splitFlag('--split').optional(),
  validation: pathFlag('--validation').optional(),
  test: pathFlag('--test').optional(),
  patience: intFlag('--patience', 1).optional(),
  progress: enumFlag('--progress', PROGRESS_CHOICES),
  backend: enumFlag('--backend', BACKEND_CHOICES),
  out: pathFlag('--out'),
  restart: z.boolean().optional(),
  json: z.boolean().optional(),
});

type TrainFlags = z.output<typeof trainFlagsSchema>;

/** The SRNN plan the flags ask for, checked against --max-len. */
function specFromFlags(flags: TrainFlags): string {
  if (flags.spec !== undefined && (flags.slices !== undefined || flags.depth !== undefined)) {
    throw new UsageError('give either --spec or --slices/--depth, not both');
  }
  let slices: number[];
  try {
    slices =
      flags.spec !== undefined
        ? parseSpec(flags.spec).slices
        : new Array<number>(flags.depth ?? 2).fill(flags.slices ?? 8);
    plan({ length: flags.maxLen, slices });
  } catch (error) {
    const flag = flags.spec !== undefined ? '--spec' : '--slices/--depth';
    throw new UsageError(`${flag}: ${(error as Error).message}`);
  }
  return formatSpec(slices);
}

/** The model the flags describe. */
export function modelFromFlags(flags: TrainFlags): ModelChoice {
  const sizes = {
    units: flags.units,
    embeddingDim: flags.embeddingDim,
    ...(flags.glove !== undefined ? { glove: flags.glove } : {}),
  };
  if (flags.model !== 'srnn') {
    const slicingFlag = (['spec', 'slices', 'depth', 'cell'] as const).find(
      (f) => flags[f] !== undefined,
    );
    if (slicingFlag !== undefined) {
      throw new UsageError(
        `--${slicingFlag} applies to --model srnn only (--model ${flags.model} was given)`,
      );
    }
  }
  switch (flags.model) {
    case 'srnn':
      return {
        architecture: 'srnn',
        spec: specFromFlags(flags),
        cell: flags.cell ?? 'gru',
        ...sizes,
      };
    case 'gru':
    case 'lstm':
      return { architecture: 'rnn', cell: flags.model, ...sizes };
    case 'dccnn':
      return { architecture: 'dccnn', ...sizes };
  }
}

const percent = (value: number) => `${(value * 100).toFixed(2)}%`;

async function runTrain(raw: Record<string, unknown>, context: CliContext): Promise<number> {
  const flags = parseFlags(trainFlagsSchema, raw);
  if (flags.split !== undefined && (flags.validation !== undefined || flags.test !== undefined)) {
    throw new UsageError('give either --split or --validation/--test files, not both');
  }
  const source = sourceFromFlags(flags, {
    ...(flags.validation !== undefined ? { validation: flags.validation } : {}),
    ...(flags.test !== undefined ? { test: flags.test } : {}),
  });
  const model = modelFromFlags(flags);
  await activateBackend(flags.backend, context);

  const data = await prepareData(source, {
    maxLength: flags.maxLen,
    vocabulary: flags.vocab,
    seed: flags.seed,
    onInvalid: flags.onInvalid,
    ...(flags.split !== undefined ? { split: flags.split } : {}),
    ...(flags.limit !== undefined ? { limit: flags.limit } : {}),
  });
  const { sizes } = data.stats;
  const skipped = Object.entries(data.stats.skipped).map(([reason, n]) => `${reason} ${n}`);
  context.stderr.write(
    `data: ${data.sourceName}: ${data.stats.documents} documents (train ${sizes.train}, validation ${sizes.validation}, test ${sizes.test}), ` +
      `${data.classes} classes, vocabulary ${data.vocabularySize}, ${data.stats.meanTokens.toFixed(1)} tokens per row` +
      `${skipped.length > 0 ? `, skipped: ${skipped.join(', ')}` : ''}\n`,
  );

  const outcome = await trainModel({
    data,
    model,
    training: {
      epochs: flags.epochs,
      batchSize: flags.batchSize,
      learningRate: flags.lr,
      seed: flags.seed,
      ...(flags.patience !== undefined ? { earlyStopping: flags.patience } : {}),
    },
    outDir: flags.out,
    restart: flags.restart === true,
    optionNames: { outDir: '--out', restart: '--restart' },
    progress: flags.progress,
    progressStream: context.stderr,
    ...(context.signal ? { signal: context.signal } : {}),
  });
  if (outcome.status === 'interrupted') {
    context.stderr.write(
      `srnn: training interrupted at epoch ${outcome.training.epoch}, step ${outcome.training.step}; checkpoint written under ${flags.out}. Run the same command again to resume.\n`,
    );
    if (flags.json)
      context.stdout.write(`${JSON.stringify({ status: 'interrupted', out: flags.out })}\n`);
    return EXIT.interrupted;
  }
  const run = outcome.training;
  const summary = {
    status: 'completed',
    out: flags.out,
    model: outcome.config.name,
    resumed: run.resumed,
    bestEpoch: run.bestEpoch,
    validationAccuracy: run.bestValidationAccuracy,
    testAccuracy: run.test?.accuracy ?? null,
    testMacroF1: run.test?.macroF1 ?? null,
    epochs: run.history.length,
    documents: data.stats.documents,
    skipped: data.stats.skipped,
    secondsPerEpoch: run.history.reduce((s, h) => s + h.seconds, 0) / run.history.length,
    backend: run.backend,
  };
  if (flags.json) {
    context.stdout.write(`${JSON.stringify(summary)}\n`);
  } else {
    context.stdout.write(
      `${summary.model}: best epoch ${summary.bestEpoch}/${summary.epochs}, validation accuracy ${percent(summary.validationAccuracy)}` +
        `${summary.testAccuracy !== null ? `, test accuracy ${percent(summary.testAccuracy)} (macro-F1 ${summary.testMacroF1!.toFixed(4)})` : ''}` +
        `, ${summary.secondsPerEpoch.toFixed(1)} s per epoch on ${summary.backend}${summary.resumed ? ' (resumed)' : ''}\n` +
        `wrote ${flags.out}: a model bundle (bundle.json with ${[RUN_FILES.model, RUN_FILES.weights, RUN_FILES.tokenizer, RUN_FILES.labels, RUN_FILES.config, RUN_FILES.report].join(', ')})\n`,
    );
  }
  return EXIT.ok;
}

/** `srnn train`. */
export function trainCommand(
  program: Command,
  context: CliContext,
  setExit: (code: number) => void,
): void {
  const command = program
    .command('train')
    .summary('train a classifier on labelled documents and write it to a directory')
    .description(
      'Trains an SRNN (or GRU, LSTM, DCCNN) classifier and writes the model, tokenizer, label map and report to --out.\n' +
        'Rerunning with the same --out resumes an interrupted run (Ctrl-C writes a checkpoint).',
    );
  addSourceOptions(command)
    .requiredOption('--model <model>', `the classifier: ${MODEL_CHOICES.join(', ')}`)
    .option('--spec <spec>', 'SRNN slicing, e.g. "SRNN(8,2)" or "SRNN[8,4,2]" (--model srnn)')
    .option('--slices <n>', 'SRNN: slices per level (default 8)')
    .option('--depth <k>', 'SRNN: number of slicing levels (default 2)')
    .option('--cell <cell>', `SRNN: recurrent cell, ${CELL_CHOICES.join(' or ')} (default gru)`)
    .option('--max-len <n>', 'tokens per document (padded or truncated)', '512')
    .option('--vocab <n>', 'vocabulary size (most frequent words)', '30000')
    .option('--embedding-dim <n>', 'word embedding size', '200')
    .option('--glove <file>', 'initialise the embedding from GloVe vectors')
    .option('--units <n>', 'hidden units of every recurrent level', '50')
    .option('--epochs <n>', 'training epochs', '10')
    .option('--batch-size <n>', 'documents per training step', '100')
    .option('--lr <rate>', 'Adam learning rate', '0.001')
    .option('--seed <n>', 'seed for the split, initialisation and batching', '2018')
    .option('--split <fractions>', 'train,validation,test fractions (default 0.8,0.1,0.1)')
    .option('--validation <file>', 'a separate validation file (instead of --split)')
    .option('--test <file>', 'a separate test file (instead of --split)')
    .option('--patience <n>', 'stop after n epochs without validation improvement')
    .option('--progress <mode>', `progress display: ${PROGRESS_CHOICES.join(', ')}`, 'auto')
    .option('--backend <backend>', `TensorFlow.js backend: ${BACKEND_CHOICES.join(', ')}`, 'auto')
    .requiredOption(
      '--out <dir>',
      'directory for the trained model: new, empty, or a run of the same data and settings (resumed, or returned as it is)',
    )
    .option(
      '--restart',
      'train again into an --out that holds a run on other data or settings (the finished model stays until the new one is complete)',
    )
    .option('--json', 'print the result as one JSON line')
    .addHelpText(
      'after',
      `
Examples:
  srnn train --data reviews.csv --model srnn --spec "SRNN(8,2)" --out runs/srnn
  srnn train --data reviews.jsonl --text-field body --label-field stars --model gru --max-len 256 --out runs/gru
  srnn train --corpus uci-yelp --model srnn --slices 4 --depth 2 --max-len 32 --epochs 5 --out runs/yelp
  srnn train --data train.csv --validation dev.csv --test test.csv --model lstm --out runs/lstm

--out is never changed before it is checked: a directory holding files that srnn train did not
write is refused, and so is a run on other data or settings unless --restart is given.

Exit codes: 0 trained, 1 failed, 2 bad flags, 130 interrupted (rerun the same command to resume).`,
    )
    .action(async (options: Record<string, unknown>) => setExit(await runTrain(options, context)));
}
