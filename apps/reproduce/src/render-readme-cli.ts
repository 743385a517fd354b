#!/usr/bin/env node
/**
 * `pnpm docs:results [--from results] [--check]`: the README's result sections from the committed
 * run JSON in docs/results/ (see docs/results/README.md).
 */
import { Command } from 'commander';
import { join } from 'node:path';
import { renderReadme, repositoryRoot } from './docs/render-readme';

export async function main(argv: string[]): Promise<number> {
  const program = new Command('docs:results')
    .description(
      "Regenerates the root README's result sections from docs/results/*.json (the JSON of a pnpm reproduce and a pnpm bench run).",
    )
    .option(
      '--from <dir>',
      "first take a new run's report.json, speed.json and scale.json from this folder (all checked before any is taken; paths inside the folder made relative to it)",
    )
    .option(
      '--check',
      'change nothing; exit 1 if a generated section differs from its JSON (not with --from)',
    )
    .exitOverride();
  try {
    program.parse(argv, { from: 'user' });
  } catch (error) {
    const code = (error as { exitCode?: number }).exitCode;
    return typeof code === 'number' ? code : 2;
  }
  const opts = program.opts<{ from?: string; check?: boolean }>();
  const root = repositoryRoot();
  const log = (line: string) => process.stderr.write(`docs:results: ${line}\n`);
  try {
    return await renderReadme({
      root,
      readme: join(root, 'README.md'),
      check: opts.check === true,
      ...(opts.from ? { from: opts.from } : {}),
      log,
    });
  } catch (error) {
    log((error as Error).message);
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
