import { exportWebSite, WEB_WEIGHTS } from '@srnn/inference/node';
import type { Command } from 'commander';
import { z } from 'zod';
import type { CliContext } from '../context';
import { EXIT } from '../errors';
import { enumFlag, parseFlags, pathFlag } from '../flags';

const exportFlagsSchema = z.object({
  web: pathFlag('--web'),
  model: pathFlag('--model'),
  weights: enumFlag('--weights', WEB_WEIGHTS),
});

const megabytes = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

async function runExport(raw: Record<string, unknown>, context: CliContext): Promise<number> {
  const flags = parseFlags(exportFlagsSchema, raw);
  const site = await exportWebSite({
    model: flags.model,
    out: flags.web,
    weights: flags.weights,
  });
  for (const notice of site.notices) context.stderr.write(`srnn: ${notice}\n`);
  context.stdout.write(
    `wrote ${site.out}: a web page classifying text as ${site.labels.join(', ')} ` +
      `(${megabytes(site.bytes)}, of which the model ${megabytes(site.modelBytes)})\n` +
      `Serve it over HTTP (a file:// page cannot fetch the model), then open http://localhost:8080:\n` +
      `  npx http-server ${JSON.stringify(flags.web)} -p 8080\n` +
      `  python3 -m http.server 8080 --directory ${JSON.stringify(flags.web)}\n`,
  );
  return EXIT.ok;
}

/** `srnn export`. */
export function exportCommand(
  program: Command,
  context: CliContext,
  setExit: (code: number) => void,
): void {
  program
    .command('export')
    .summary('write a static web page that classifies text with a trained model')
    .description(
      'Writes a static site into --web: the page, its script, the TensorFlow.js wasm backend and the model as a bundle whose SHA-256 hashes the page checks. ' +
        'The directory must be new, empty, or a site written by srnn export (then it is replaced as a whole).',
    )
    .requiredOption('--web <dir>', 'where to write the site')
    .requiredOption('--model <dir>', 'a directory written by `srnn train`')
    .option(
      '--weights <encoding>',
      `how the site stores weights: ${WEB_WEIGHTS.join(', ')} (float16: half the bytes; uint8-embedding: the embedding as 8-bit codes, a quarter of its bytes)`,
      'float32',
    )
    .addHelpText(
      'after',
      `
Examples:
  srnn export --web site --model runs/srnn
  srnn export --web site --model runs/srnn --weights uint8-embedding
  python3 -m http.server 8080 --directory site`,
    )
    .action(async (options: Record<string, unknown>) => {
      setExit(await runExport(options, context));
    });
}
