import { loadTrainedModel, type Prediction } from '@srnn/pipeline';
import type { Command } from 'commander';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { z } from 'zod';
import { activateBackend } from '../backend';
import type { CliContext } from '../context';
import { EXIT } from '../errors';
import { BACKEND_CHOICES, enumFlag, parseFlags, pathFlag } from '../flags';

const predictFlagsSchema = z.object({
  model: pathFlag('--model'),
  text: z.string().optional(),
  backend: enumFlag('--backend', BACKEND_CHOICES),
});

const line = (prediction: Prediction) => `${JSON.stringify(prediction)}\n`;

async function runPredict(raw: Record<string, unknown>, context: CliContext): Promise<number> {
  const flags = parseFlags(predictFlagsSchema, raw);
  await activateBackend(flags.backend, context);
  const trained = await loadTrainedModel(flags.model);
  try {
    if (flags.text !== undefined) {
      const [prediction] = await trained.predict([flags.text]);
      context.stdout.write(line(prediction!));
      return EXIT.ok;
    }
    // One answer per input line, written as soon as the line is read (blank lines are skipped).
    const lines = createInterface({ input: Readable.from(context.stdin), crlfDelay: Infinity });
    for await (const text of lines) {
      if (text.trim() === '') continue;
      const [prediction] = await trained.predict([text]);
      context.stdout.write(line(prediction!));
    }
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
    .summary('label texts with a trained model: one line in, one JSON line out')
    .description(
      'Prints {"label": ..., "probabilities": {label: p, ...}} for --text, or for every line of standard input.',
    )
    .requiredOption('--model <dir>', 'a directory written by `srnn train`')
    .option('--text <text>', 'the text to label (otherwise standard input is read line by line)')
    .option('--backend <backend>', `TensorFlow.js backend: ${BACKEND_CHOICES.join(', ')}`, 'auto')
    .addHelpText(
      'after',
      `
Examples:
  srnn predict --model runs/srnn --text "The food was great"
  cat reviews.txt | srnn predict --model runs/srnn > predictions.jsonl`,
    )
    .action(async (options: Record<string, unknown>) =>
      setExit(await runPredict(options, context)),
    );
}
