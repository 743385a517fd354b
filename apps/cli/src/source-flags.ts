import type { DataSource } from '@srnn/pipeline';
import type { Command } from 'commander';
import { z } from 'zod';
import { UsageError } from './errors';
import { columnFlag, enumFlag, FORMAT_CHOICES, intFlag, pathFlag } from './flags';

/**
 * Adds the flags that choose a labelled data source (shared by train and evaluate). Without
 * `fieldDefaults` (evaluate), --text-field and --label-field default to what the model was
 * trained with.
 */
export function addSourceOptions(command: Command, fieldDefaults = true): Command {
  const fieldHelp = (what: string, fallback: string) =>
    fieldDefaults
      ? `${what} column/key, or 0-based position (default ${fallback})`
      : `${what} column/key, or 0-based position (default: the one the model was trained with, else ${fallback})`;
  return command
    .option('--data <file>', 'labelled documents: a .csv, .tsv or .jsonl file')
    .option('--corpus <id>', 'an offline corpus instead of --data (see `srnn datasets`)')
    .option(
      '--paper <id>',
      "one of the paper's data sets, read from --paper-dir (see `srnn datasets`)",
    )
    .option('--paper-dir <dir>', "the folder holding the paper's data set files")
    .option('--format <format>', `file format: ${FORMAT_CHOICES.join(', ')}`, 'auto')
    .option('--text-field <field>', fieldHelp('text', 'text'))
    .option('--label-field <field>', fieldHelp('label', 'label'))
    .option('--on-invalid <policy>', 'invalid records: error (stop) or skip (count)', 'error')
    .option(
      '--unknown-labels <policy>',
      'records whose label training never saw (validation/test files, evaluate): refuse (stop) or skip (count)',
      'refuse',
    )
    .option('--limit <n>', 'read only the first n documents (quick runs)');
}

/** Zod schema of the source flags. */
export const sourceFlagsSchema = z.object({
  data: pathFlag('--data').optional(),
  corpus: z.string().optional(),
  paper: z.string().optional(),
  paperDir: pathFlag('--paper-dir').optional(),
  format: enumFlag('--format', FORMAT_CHOICES),
  textField: columnFlag('--text-field').optional(),
  labelField: columnFlag('--label-field').optional(),
  onInvalid: enumFlag('--on-invalid', ['error', 'skip'] as const),
  unknownLabels: enumFlag('--unknown-labels', ['refuse', 'skip'] as const).transform((policy) =>
    policy === 'refuse' ? ('error' as const) : ('skip' as const),
  ),
  limit: intFlag('--limit', 1).optional(),
});

type SourceFlags = z.output<typeof sourceFlagsSchema>;

/** The data source the flags name; exactly one of --data, --corpus, --paper. */
export function sourceFromFlags(
  flags: SourceFlags,
  parts: { validation?: string; test?: string } = {},
  fields: { text?: string | number; label?: string | number } = {},
): DataSource {
  const given = (['data', 'corpus', 'paper'] as const).filter((f) => flags[f] !== undefined);
  if (given.length !== 1) {
    throw new UsageError(
      given.length === 0
        ? 'give the documents with --data FILE, --corpus ID or --paper ID --paper-dir DIR'
        : `give only one of --data, --corpus, --paper; got ${given.map((g) => `--${g}`).join(' and ')}`,
    );
  }
  if (flags.paper !== undefined && flags.paperDir === undefined) {
    throw new UsageError('--paper needs --paper-dir DIR, the folder holding its files');
  }
  if (flags.data === undefined && (parts.validation !== undefined || parts.test !== undefined)) {
    throw new UsageError('--validation and --test apply to --data files only');
  }
  if (flags.corpus !== undefined) return { kind: 'corpus', id: flags.corpus };
  if (flags.paper !== undefined) return { kind: 'paper', id: flags.paper, dir: flags.paperDir! };
  return {
    kind: 'files',
    train: flags.data!,
    ...(parts.validation !== undefined ? { validation: parts.validation } : {}),
    ...(parts.test !== undefined ? { test: parts.test } : {}),
    format: flags.format,
    textField: flags.textField ?? fields.text ?? 'text',
    labelField: flags.labelField ?? fields.label ?? 'label',
  };
}
