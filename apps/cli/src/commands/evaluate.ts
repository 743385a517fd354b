import { evaluationSplits, loadTrainedModel } from '@srnn/pipeline';
import type { Command } from 'commander';
import { z } from 'zod';
import { activateBackend } from '../backend';
import { cellPackageLoader } from '../cell-packages';
import type { CliContext } from '../context';
import { EXIT } from '../errors';
import { BACKEND_CHOICES, enumFlag, parseFlags, pathFlag } from '../flags';
import { addSourceOptions, sourceFlagsSchema, sourceFromFlags } from '../source-flags';

const evaluateFlagsSchema = sourceFlagsSchema.extend({
  model: pathFlag('--model'),
  backend: enumFlag('--backend', BACKEND_CHOICES),
  split: enumFlag('--split', evaluationSplits),
  json: z.boolean().optional(),
});

/** A confusion matrix as aligned text, true labels down, predicted labels across. */
export function confusionText(
  labels: readonly string[],
  confusion: readonly (readonly number[])[],
): string {
  const cells = [
    ['true \\ predicted', ...labels],
    ...labels.map((l, i) => [l, ...confusion[i]!.map(String)]),
  ];
  const widths = cells[0]!.map((_, c) => Math.max(...cells.map((row) => row[c]!.length)));
  return cells.map((row) => row.map((cell, c) => cell.padStart(widths[c]!)).join('  ')).join('\n');
}

async function runEvaluate(raw: Record<string, unknown>, context: CliContext): Promise<number> {
  const flags = parseFlags(evaluateFlagsSchema, raw);
  sourceFromFlags(flags); // the flags alone are checked before the model is loaded
  await activateBackend(flags.backend, context);
  const trained = await loadTrainedModel(flags.model, {
    loadCellPackage: cellPackageLoader(process.cwd()),
  });
  for (const notice of trained.notices) context.stderr.write(`srnn: ${notice}\n`);
  try {
    // Fields not given are the ones the model was trained with.
    const source = sourceFromFlags(flags, {}, trained.fields);
    const result = await trained.evaluate(source, {
      onInvalid: flags.onInvalid,
      unknownLabels: flags.unknownLabels,
      split: flags.split,
      splitOptionName: '--split',
      ...(flags.limit !== undefined ? { limit: flags.limit } : {}),
    });
    if (flags.json) {
      context.stdout.write(
        `${JSON.stringify({
          model: trained.config.name,
          split: flags.split,
          documents: result.count,
          accuracy: result.accuracy,
          macroF1: result.macroF1,
          loss: result.loss,
          labels: result.labels,
          confusion: result.confusion,
          skipped: result.skipped,
        })}\n`,
      );
    } else {
      context.stdout.write(
        `${trained.config.name} on ${result.count} documents${flags.split !== 'all' ? ` (${flags.split} split)` : ''}` +
          `${
            Object.keys(result.skipped).length > 0
              ? `, skipped: ${Object.entries(result.skipped)
                  .map(([r, n]) => `${r} ${n}`)
                  .join(', ')}`
              : ''
          }\n` +
          `accuracy ${(result.accuracy * 100).toFixed(2)}%, macro-F1 ${result.macroF1.toFixed(4)}, loss ${result.loss.toFixed(4)}\n` +
          `${confusionText(result.labels, result.confusion)}\n`,
      );
    }
  } finally {
    trained.dispose();
  }
  return EXIT.ok;
}

/** `srnn evaluate`. */
export function evaluateCommand(
  program: Command,
  context: CliContext,
  setExit: (code: number) => void,
): void {
  const command = program
    .command('evaluate')
    .summary('accuracy, macro-F1 and confusion matrix of a trained model on labelled documents')
    .requiredOption('--model <dir>', 'a directory written by `srnn train`');
  addSourceOptions(command, false)
    .option(
      '--split <split>',
      `score ${evaluationSplits.join(', ')}: 'test' re-derives the held-out rows of the unchanged training data exactly as training split it`,
      'all',
    )
    .option('--backend <backend>', `TensorFlow.js backend: ${BACKEND_CHOICES.join(', ')}`, 'auto')
    .option('--json', 'print the result as one JSON line')
    .addHelpText(
      'after',
      `
Examples:
  srnn evaluate --model runs/srnn --data test.csv
  srnn evaluate --model runs/gru --data test.jsonl --text-field body --label-field stars --json
  srnn evaluate --model runs/srnn --data reviews.csv --split test   # only the held-out rows

Labels the model has not seen are an error naming the file and line.`,
    )
    .action(async (options: Record<string, unknown>) =>
      setExit(await runEvaluate(options, context)),
    );
}
