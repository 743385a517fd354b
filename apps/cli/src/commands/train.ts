import {
  chooseLength,
  LENGTH_BOUNDS,
  measureDocumentLengths,
  overPaddedShare,
  prepareData,
  RUN_FILES,
  trainModel,
  type DataSource,
  type ModelChoice,
} from '@srnn/pipeline';
import { listCells } from '@srnn/model';
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
  rateFlag,
  splitFlag,
} from '../flags';
import { addSourceOptions, sourceFlagsSchema, sourceFromFlags } from '../source-flags';
import { loadCellPackages } from '../cell-packages';
import { LR_SCHEDULE_FORMS, parseLrSchedule } from '../lr-schedule-flag';

/** Values of --model: the paper's SRNN, its two recurrent baselines, and DCCNN. */
export const MODEL_CHOICES = ['srnn', 'gru', 'lstm', 'dccnn'] as const;
/** Values of --merge: how a bidirectional level merges its two states. */
const MERGE_CHOICES = ['concat', 'sum', 'average'] as const;
/** SRNN-only flags, refused with another --model. */
const SRNN_FLAGS = {
  spec: '--spec',
  slices: '--slices',
  depth: '--depth',
  bidirectional: '--bidirectional',
  merge: '--merge',
  attention: '--attention',
  skipPadding: '--skip-padding',
  dropout: '--dropout',
  cell: '--cell',
  cellPackage: '--cell-package',
} as const;

const trainFlagsSchema = sourceFlagsSchema.extend({
  model: enumFlag('--model', MODEL_CHOICES),
  spec: z.string().optional(),
  slices: intFlag('--slices', 2).optional(),
  depth: intFlag('--depth', 1).optional(),
  cell: z.string().optional(),
  cellPackage: z.array(z.string()).optional(),
  bidirectional: z.boolean().optional(),
  merge: enumFlag('--merge', MERGE_CHOICES).optional(),
  attention: z.boolean().optional(),
  skipPadding: z.boolean().optional(),
  dropout: rateFlag('--dropout').optional(),
  clipNorm: positiveNumberFlag('--clip-norm').optional(),
  lrSchedule: z.string().optional(),
  checkpointEvery: positiveNumberFlag('--checkpoint-every'),
  maxLen: intFlag('--max-len', 1).optional(),
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
/** The flags once the row length is known (given, or chosen from the data). */
type ResolvedTrainFlags = TrainFlags & { maxLen: number };

/** The cells of --cell (one name, or one per level), each checked against the registry. */
function cellsFromFlags(flags: ResolvedTrainFlags, levels: number): string | string[] {
  const names = (flags.cell ?? 'gru').split(',').map((c) => c.trim());
  const registered = listCells();
  const unknown = names.find((name) => !registered.includes(name));
  if (unknown !== undefined) {
    throw new UsageError(
      `--cell must be one of ${registered.join(', ')} (the registered cells; --cell-package NAME loads more), or one per level separated by commas; got '${unknown === '' ? flags.cell : unknown}'`,
    );
  }
  if (names.length === 1) return names[0]!;
  if (names.length !== levels) {
    throw new UsageError(
      `--cell lists ${names.length} cells but the SRNN has ${levels} levels (depth + 1): give one cell, or ${levels} separated by commas`,
    );
  }
  return names;
}

/** The SRNN plan the flags ask for, checked against --max-len. */
function specFromFlags(flags: ResolvedTrainFlags): string {
  if (flags.spec !== undefined && (flags.slices !== undefined || flags.depth !== undefined)) {
    throw new UsageError('give either --spec or --slices/--depth, not both');
  }
  let slices: number[];
  let bidirectional = false;
  try {
    if (flags.spec !== undefined) {
      const parsed = parseSpec(flags.spec);
      slices = parsed.slices;
      bidirectional = parsed.bidirectional === true;
    } else {
      slices = new Array<number>(flags.depth ?? 2).fill(flags.slices ?? 8);
    }
    plan({ length: flags.maxLen, slices });
  } catch (error) {
    const flag = flags.spec !== undefined ? '--spec' : '--slices/--depth';
    throw new UsageError(`${flag}: ${(error as Error).message}`);
  }
  return formatSpec(slices, { bidirectional });
}

/** The model the flags describe. */
export function modelFromFlags(
  flags: ResolvedTrainFlags,
  cellPackages: Record<string, string> = {},
): ModelChoice {
  const sizes = {
    units: flags.units,
    embeddingDim: flags.embeddingDim,
    ...(flags.glove !== undefined ? { glove: flags.glove } : {}),
  };
  if (flags.model !== 'srnn') {
    const srnnFlag = (Object.keys(SRNN_FLAGS) as (keyof typeof SRNN_FLAGS)[]).find(
      (f) => flags[f] !== undefined,
    );
    if (srnnFlag !== undefined) {
      throw new UsageError(
        `${SRNN_FLAGS[srnnFlag]} applies to --model srnn only (--model ${flags.model} was given)`,
      );
    }
  }
  const given = Object.fromEntries(
    Object.entries(cellPackages).filter(([cell]) => (flags.cell ?? '').split(',').includes(cell)),
  );
  const packages = Object.keys(given).length > 0 ? { cellPackages: given } : {};
  switch (flags.model) {
    case 'srnn': {
      const spec = specFromFlags(flags);
      const bidirectional = flags.bidirectional === true || spec.startsWith('BiSRNN');
      if (flags.merge !== undefined && !bidirectional) {
        throw new UsageError(
          '--merge applies to bidirectional levels only: add --bidirectional or use a BiSRNN(n,k) --spec',
        );
      }
      return {
        architecture: 'srnn',
        spec,
        cell: cellsFromFlags(flags, parseSpec(spec).slices.length + 1),
        ...(flags.bidirectional === true ? { bidirectional: true } : {}),
        ...(flags.merge !== undefined ? { merge: flags.merge } : {}),
        ...(flags.attention === true ? { attention: true } : {}),
        ...(flags.skipPadding === true ? { skipPadding: true } : {}),
        ...(flags.dropout !== undefined && flags.dropout > 0 ? { dropout: flags.dropout } : {}),
        ...packages,
        ...sizes,
      };
    }
    case 'gru':
    case 'lstm':
      return { architecture: 'rnn', cell: flags.model, ...sizes };
    case 'dccnn':
      return { architecture: 'dccnn', ...sizes };
  }
}

/**
 * The flags with --max-len (and, for --model srnn without --spec/--slices/--depth, the slicing)
 * chosen from the training documents' lengths when --max-len is not given; says so on stderr.
 */
async function resolveLength(
  flags: TrainFlags,
  source: DataSource,
  context: CliContext,
): Promise<ResolvedTrainFlags> {
  if (flags.maxLen !== undefined) return { ...flags, maxLen: flags.maxLen };
  const lengths = await measureDocumentLengths(source, {
    onInvalid: flags.onInvalid,
    ...(flags.limit !== undefined ? { limit: flags.limit } : {}),
  });
  const givenSlicing =
    flags.spec !== undefined || flags.slices !== undefined || flags.depth !== undefined;
  const slices =
    flags.spec !== undefined
      ? parseSpec(flags.spec).slices
      : new Array<number>(flags.depth ?? 2).fill(flags.slices ?? 8);
  const choice = chooseLength(
    lengths,
    flags.model === 'srnn' && givenSlicing
      ? { minimumLength: slices.reduce((a, b) => a * b, 1) }
      : {},
  );
  const choosesSpec = flags.model === 'srnn' && !givenSlicing;
  context.stderr.write(
    `srnn: --max-len ${choice.maxLength}${choosesSpec ? ` and --spec ${choice.spec}` : ''} chosen from the data: ${choice.reason}` +
      `${choosesSpec ? `; ${choice.spec} has the fewest sequential steps for ${choice.maxLength} tokens` : ''}. Give --max-len${choosesSpec ? ' and --spec' : ''} to choose yourself\n`,
  );
  return { ...flags, maxLen: choice.maxLength, ...(choosesSpec ? { spec: choice.spec } : {}) };
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
  const cellPackages = await loadCellPackages(flags.cellPackage ?? [], process.cwd());
  // Every flag is checked before any data is read (with the longest length a choice can give).
  modelFromFlags({ ...flags, maxLen: flags.maxLen ?? LENGTH_BOUNDS.max }, cellPackages);
  const learningRateSchedule =
    flags.lrSchedule !== undefined ? parseLrSchedule(flags.lrSchedule) : undefined;
  const resolved = await resolveLength(flags, source, context);
  const model = modelFromFlags(resolved, cellPackages);
  await activateBackend(flags.backend, context);

  const data = await prepareData(source, {
    maxLength: resolved.maxLen,
    vocabulary: flags.vocab,
    seed: flags.seed,
    onInvalid: flags.onInvalid,
    unknownLabels: flags.unknownLabels,
    ...(flags.split !== undefined ? { split: flags.split } : {}),
    ...(flags.limit !== undefined ? { limit: flags.limit } : {}),
  });
  const overPadded = overPaddedShare(data.train);
  if (flags.maxLen !== undefined && overPadded > 0.5) {
    context.stderr.write(
      `srnn: warning: --max-len ${data.maxLength} pads ${Math.round(overPadded * 100)}% of the training documents to more than 4 times their length ` +
        `(${data.stats.meanTokens.toFixed(1)} tokens per row on average); a shorter --max-len trains faster and usually better, or leave it out to let srnn train choose from the data\n`,
    );
  }
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
      ...(flags.clipNorm !== undefined ? { gradientClipNorm: flags.clipNorm } : {}),
      ...(learningRateSchedule !== undefined ? { learningRateSchedule } : {}),
      checkpointEveryMinutes: flags.checkpointEvery,
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
      `srnn: training interrupted at epoch ${outcome.training.epoch}, step ${outcome.training.step}; checkpoint written under ${flags.out}. Run the same command again${flags.restart === true ? ' without --restart' : ''} to resume.\n`,
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
    .option(
      '--spec <spec>',
      'SRNN slicing, e.g. "SRNN(8,2)", "SRNN[8,4,2]", or "BiSRNN(8,2)" for bidirectional levels (--model srnn)',
    )
    .option('--slices <n>', 'SRNN: slices per level (default 8, or chosen with --max-len)')
    .option('--depth <k>', 'SRNN: number of slicing levels (default 2, or chosen with --max-len)')
    .option(
      '--cell <cell>',
      `SRNN: recurrent cell, one of the registered cells (${listCells().join(', ')}), or one per SRNN level, e.g. gru,lstm,gru (default gru)`,
    )
    .option(
      '--cell-package <name>',
      'load a cell package installed in this project (repeatable); its cells become --cell values',
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option('--bidirectional', 'SRNN: run every level forwards and backwards (as a BiSRNN spec)')
    .option(
      '--merge <merge>',
      `SRNN: how a bidirectional level merges its two states: ${MERGE_CHOICES.join(', ')} (default concat)`,
    )
    .option('--attention', 'SRNN: attention pooling over the states instead of the last state')
    .option('--skip-padding', 'SRNN: run levels only over subsequences holding a real token')
    .option(
      '--dropout <rate>',
      'SRNN: dropout rate between levels in training, in [0, 1) (default 0)',
    )
    .option(
      '--max-len <n>',
      'tokens per document (padded or truncated); default: chosen from the training data (the 95th percentile of words per document, rounded up to a power of two, 8 to 512)',
    )
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
    .option('--clip-norm <n>', 'clip gradients by their global L2 norm to n (default off)')
    .option(
      '--lr-schedule <schedule>',
      `learning-rate schedule: ${LR_SCHEDULE_FORMS.join(', ')} (default constant; see below)`,
    )
    .option(
      '--checkpoint-every <minutes>',
      'minutes between checkpoints within an epoch (one is also written after every epoch)',
      '10',
    )
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

--lr-schedule (a multiple of --lr):
  constant                   the --lr throughout (the paper's)
  step:FACTOR:EVERY_EPOCHS   times FACTOR (0 < FACTOR < 1) once every EVERY_EPOCHS epochs
  warmup:STEPS               linear warm-up over the first STEPS updates, then --lr
  cosine[:WARMUP[:MIN_LR]]   warm-up over WARMUP updates (default 0), then a half cosine down to MIN_LR (default 0)

--out is never changed before it is checked: a directory holding files that srnn train did not
write is refused, and so is a run on other data or settings unless --restart is given.

Exit codes: 0 trained, 1 failed, 2 bad flags, 130 interrupted (rerun the same command to resume).`,
    )
    .action(async (options: Record<string, unknown>) => setExit(await runTrain(options, context)));
}
