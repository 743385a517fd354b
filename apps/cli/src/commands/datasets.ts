import { listCorpora, PAPER_DATASETS } from '@srnn/datasets';
import type { Command } from 'commander';
import type { CliContext } from '../context';
import { EXIT } from '../errors';

function describeDatasets(): { corpora: object[]; paper: object[] } {
  return {
    corpora: listCorpora().map((c) => ({
      id: c.id,
      title: c.title,
      documents: c.documents,
      classes: c.classes.map((k) => `${k.label}=${k.name}`),
      package: c.package,
      licence: c.licence,
    })),
    paper: Object.values(PAPER_DATASETS).map((d) => ({
      id: d.id,
      name: d.name,
      classes: d.classes,
      documents: d.documents,
      maxLen: d.maxLen,
      layouts: d.layouts.map((l) => ({ files: Object.values(l.files), source: l.source })),
    })),
  };
}

function runDatasets(options: { json?: boolean }, context: CliContext): number {
  const described = describeDatasets();
  if (options.json) {
    context.stdout.write(`${JSON.stringify(described)}\n`);
    return EXIT.ok;
  }
  const out: string[] = ['Offline corpora (installed with the project; train with --corpus ID):'];
  for (const c of listCorpora()) {
    out.push(
      `  ${c.id.padEnd(14)} ${c.documents.toLocaleString('en')} documents, ${c.classes.length} classes (${c.classes.map((k) => k.name).join(', ')}): ${c.title} [npm ${c.package}, ${c.licence}]`,
    );
  }
  out.push(
    '',
    "The paper's data sets (download them yourself; train with --paper ID --paper-dir DIR):",
  );
  for (const d of Object.values(PAPER_DATASETS)) {
    out.push(
      `  ${d.id.padEnd(14)} ${d.name}: ${d.documents.toLocaleString('en')} documents, ${d.classes} classes, paper max length ${d.maxLen}`,
    );
    d.layouts.forEach((l, i) => {
      out.push(
        `  ${''.padEnd(14)} ${i === 0 ? 'needs' : 'or'} ${Object.values(l.files).join(', ')} (${l.source})`,
      );
    });
  }
  context.stdout.write(`${out.join('\n')}\n`);
  return EXIT.ok;
}

/** `srnn datasets`. */
export function datasetsCommand(
  program: Command,
  context: CliContext,
  setExit: (code: number) => void,
): void {
  program
    .command('datasets')
    .summary("list the offline corpora and the paper's data sets, with what each needs")
    .option('--json', 'print the list as one JSON object')
    .addHelpText('after', '\nExamples:\n  srnn datasets\n  srnn datasets --json')
    .action((options: { json?: boolean }) => setExit(runDatasets(options, context)));
}
