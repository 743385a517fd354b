import { loadTrainedModel, type Prediction, type TrainedModel } from '@srnn/pipeline';
import type { Command } from 'commander';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { z } from 'zod';
import { activateBackend } from '../backend';
import { cellPackageLoader } from '../cell-packages';
import type { CliContext } from '../context';
import { EXIT, UsageError } from '../errors';
import {
  BACKEND_CHOICES,
  columnFlag,
  enumFlag,
  FORMAT_CHOICES,
  parseFlags,
  pathFlag,
} from '../flags';
import { explainText, hasAttention } from '../explain';
import { readTextRows } from '../text-rows';

const predictFlagsSchema = z.object({
  model: pathFlag('--model'),
  text: z.string().optional(),
  data: pathFlag('--data').optional(),
  format: enumFlag('--format', FORMAT_CHOICES),
  textField: columnFlag('--text-field').optional(),
  idField: z.string().min(1).optional(),
  backend: enumFlag('--backend', BACKEND_CHOICES),
  explain: z.boolean().optional(),
});

/** Significant digits of the printed probabilities (float32 holds about 7). */
export const PROBABILITY_DIGITS = 6;

/** What predict prints for one text: the prediction, rounded, with a warning when it is a prior. */
function answer(text: string, prediction: Prediction): Record<string, unknown> {
  const probabilities: Record<string, number> = {};
  for (const [label, p] of Object.entries(prediction.probabilities))
    probabilities[label] = Number(p.toPrecision(PROBABILITY_DIGITS));
  const out: Record<string, unknown> = { label: prediction.label, probabilities };
  if (prediction.knownTokens === 0) {
    out['warning'] =
      text.trim() === ''
        ? "empty text: the answer is the model's prior, not a reading of the text"
        : "no known words: every word is outside the vocabulary, so the answer is the model's prior";
  }
  return out;
}

const write = (context: CliContext, value: unknown) =>
  context.stdout.write(`${JSON.stringify(value)}\n`);

async function predictOne(trained: TrainedModel, text: string, explain = false) {
  const [prediction] = await trained.predict([text]);
  const out = answer(text, prediction!);
  // The top level's attention weights, one per step, as the word spans each step covers.
  if (explain) out['attention'] = explainText(trained, text);
  return out;
}

async function runPredict(raw: Record<string, unknown>, context: CliContext): Promise<number> {
  const flags = parseFlags(predictFlagsSchema, raw);
  if (flags.text !== undefined && flags.data !== undefined)
    throw new UsageError('give either --text or --data, not both');
  if (flags.data === undefined && (flags.idField !== undefined || flags.textField !== undefined))
    throw new UsageError('--text-field and --id-field apply to --data files only');
  await activateBackend(flags.backend, context);
  const trained = await loadTrainedModel(flags.model, {
    loadCellPackage: cellPackageLoader(process.cwd()),
  });
  for (const notice of trained.notices) context.stderr.write(`srnn: ${notice}\n`);
  const explain = flags.explain === true;
  if (explain && !hasAttention(trained)) {
    trained.dispose();
    throw new UsageError(
      `--explain shows the attention of a model trained with --attention; ${flags.model} has none (it reads the last state of each subsequence, so there are no weights to show)`,
    );
  }
  try {
    if (flags.text !== undefined) {
      write(context, await predictOne(trained, flags.text, explain));
      return EXIT.ok;
    }
    let failed = 0;
    if (flags.data !== undefined) {
      const rows = readTextRows(flags.data, {
        format: flags.format,
        textField: flags.textField ?? trained.fields.text ?? 'text',
        ...(flags.idField !== undefined ? { idField: flags.idField } : {}),
      });
      for await (const row of rows) {
        const where = { line: row.line, ...(row.id !== undefined ? { id: row.id } : {}) };
        if ('error' in row) {
          failed += 1;
          write(context, { ...where, error: row.error });
        } else write(context, { ...where, ...(await predictOne(trained, row.text, explain)) });
      }
    } else {
      // One answer per input line, written as soon as the line is read; an empty line gets an
      // error object, so that output line n always answers input line n.
      const lines = createInterface({ input: Readable.from(context.stdin), crlfDelay: Infinity });
      let line = 0;
      for await (const text of lines) {
        line += 1;
        if (text.trim() === '') {
          failed += 1;
          write(context, { line, error: 'empty line: no text to label' });
        } else write(context, await predictOne(trained, text, explain));
      }
    }
    if (failed > 0)
      context.stderr.write(
        `srnn: ${failed} record${failed > 1 ? 's' : ''} could not be labelled (see their "error" lines)\n`,
      );
  } finally {
    trained.dispose();
  }
  return EXIT.ok;
}

/** `srnn predict`. */
export function predictCommand(
  program: Command,
  context: CliContext,
  setExit: (code: number) => void,
): void {
  program
    .command('predict')
    .summary('label texts with a trained model: one record in, one JSON line out')
    .description(
      'Prints {"label": ..., "probabilities": {label: p, ...}} for --text, for every record of --data, or for every line of standard input.\n' +
        `Probabilities are rounded to ${PROBABILITY_DIGITS} significant digits. A text with no word the model knows (or an empty one) gets a "warning"; ` +
        'a record that cannot be read (or an empty input line) gets {"line": n, "error": ...} in its place.',
    )
    .requiredOption('--model <dir>', 'a directory written by `srnn train`')
    .option('--text <text>', 'the text to label (otherwise --data, or standard input line by line)')
    .option(
      '--data <file>',
      'a .csv, .tsv (with a header line) or .jsonl file: one output line per record, with its line and id',
    )
    .option('--format <format>', `file format of --data: ${FORMAT_CHOICES.join(', ')}`, 'auto')
    .option(
      '--text-field <field>',
      'text column/key of --data (default: the one the model was trained with, else text)',
    )
    .option(
      '--id-field <field>',
      "id column/key of --data, copied to the output (default: 'id' when present)",
    )
    .option('--backend <backend>', `TensorFlow.js backend: ${BACKEND_CHOICES.join(', ')}`, 'auto')
    .option(
      '--explain',
      'for a model trained with --attention: add "attention", the top level\'s weight for each span of words it read',
    )
    .addHelpText(
      'after',
      `
Examples:
  srnn predict --model runs/srnn --text "The food was great"
  srnn predict --model runs/srnn --data reviews.csv > predictions.jsonl
  cat reviews.txt | srnn predict --model runs/srnn > predictions.jsonl
  srnn predict --model runs/attention --text "The food was great" --explain

--explain adds "attention": [{"weight", "from", "to", "words"}, ...], one entry per step of the
top level in the text's order: the words it covers (positions among the text's encoded words;
unknown words are dropped as in training) and the weight it got (they sum to 1). A step over
padding only has no from/to and empty words.`,
    )
    .action(async (options: Record<string, unknown>) =>
      setExit(await runPredict(options, context)),
    );
}
