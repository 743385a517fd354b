// The bad-input catalogue, as data: each case is an input a new user or a hostile tester might
// give, the exit code it must get, and what the message must name. Cases fixed in other packages'
// branches carry `owner`; cases that fail today carry `knownFailing` (run as test.failing).
import { mkdir, readFile, symlink, truncate, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Run } from '../helpers';
import {
  editJson,
  insertLine,
  modelFile,
  QUICK,
  rehash,
  REVIEWS_CSV,
  reviews,
  reviewsJsonl,
  reviewsTsv,
  train,
  type CaseContext,
} from './context';

/** One catalogue entry. */
export interface Case {
  id: string;
  area: 'flags' | 'csv' | 'tsv' | 'jsonl' | 'model-dir' | 'out' | 'evaluate' | 'predict';
  /** The package whose engineer fixes it, when not the CLI/pipeline/bundle. */
  owner?: 'datasets' | 'model' | 'eval';
  /** Fails on this branch today (run with test.failing so it is seen and counted). */
  knownFailing?: boolean;
  setup?: (c: CaseContext) => Promise<void>;
  argv: (c: CaseContext) => string[] | Promise<string[]>;
  stdin?: string;
  /** Run in a child process under a memory watchdog (inputs that could exhaust memory). */
  isolate?: boolean;
  /** The exit code due: 2 bad flags, 1 refused input, 0 accepted. */
  code: number;
  /** Substrings the message (standard error) must contain: the file, line, field or flag. */
  names: (c: CaseContext) => string[];
  /** More checks of the result (for accepted inputs: that the answer is right). */
  check?: (run: Run, c: CaseContext) => boolean | Promise<boolean>;
  /**
   * Directories that must keep every byte. Default: the case's whole directory for refusals;
   * nothing for accepted inputs unless listed.
   */
  unchanged?: (c: CaseContext) => string[];
}

const data = (c: CaseContext, name: string, content: string | Uint8Array) => c.file(name, content);
const trainOn = async (c: CaseContext, name: string, content: string, extra: string[] = []) =>
  train(await data(c, name, content), join(c.dir, 'out'), extra);
const csvWith = async (at: number, line: string) => insertLine(await reviews(), at, line);
const predict = (c: CaseContext, extra: string[] = []) => [
  'predict',
  '--model',
  c.model,
  '--backend',
  'cpu',
  ...extra,
];
const predictText = (c: CaseContext) => predict(c, ['--text', 'The food was great']);
const jsonLines = (run: Run) =>
  run.stdout
    .trim()
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
/** float32 NaN / +Inf, little-endian. */
const NAN = [0x00, 0x00, 0xc0, 0x7f];
const INF = [0x00, 0x00, 0x80, 0x7f];
async function poke(c: CaseContext, bytes: number[], consistent: boolean): Promise<void> {
  const path = await modelFile(c.model, 'weights');
  const weights = await readFile(path);
  weights.set(bytes, 8);
  await writeFile(path, weights);
  if (consistent) await rehash(c.model);
}

const flagCases: Case[] = [
  ['epochs-zero', ['--epochs', '0'], '--epochs'],
  ['epochs-word', ['--epochs', 'ten'], '--epochs'],
  ['lr-negative', ['--lr', '-1'], '--lr'],
  ['lr-nan', ['--lr', 'NaN'], '--lr'],
  ['max-len-zero', ['--max-len', '0'], '--max-len'],
  ['vocab-one', ['--vocab', '1'], '--vocab'],
  ['batch-size-fraction', ['--batch-size', '1.5'], '--batch-size'],
  ['split-two-parts', ['--split', '0.5,0.5'], '--split'],
  ['split-zero-part', ['--split', '0.8,0.2,0'], '--split'],
  ['split-not-one', ['--split', '0.5,0.2,0.2'], '--split'],
  ['spec-garbage', ['--spec', 'SRNN(banana)'], '--spec'],
  ['spec-too-deep', ['--spec', 'SRNN(3,3)'], '--spec'],
  ['format-unknown', ['--format', 'xml'], '--format'],
  ['on-invalid-unknown', ['--on-invalid', 'ignore'], '--on-invalid'],
  ['backend-unknown', ['--backend', 'tpu'], '--backend'],
  ['seed-negative', ['--seed', '-1'], '--seed'],
  ['limit-zero', ['--limit', '0'], '--limit'],
  ['text-field-empty', ['--text-field', ''], '--text-field'],
  ['unknown-flag', ['--epoch', '3'], '--epoch'],
  ['patience-zero', ['--patience', '0'], '--patience'],
  ['unknown-labels-unknown', ['--unknown-labels', 'drop'], '--unknown-labels'],
  ['lr-schedule-bad-number', ['--lr-schedule', 'step:2:1'], '--lr-schedule'],
  ['lr-schedule-bad-numbers', ['--lr-schedule', 'cosine:-1:-1'], 'cosine MIN_LR'],
].map(([id, extra, flag]): Case => ({
  id: `train ${id as string}`,
  area: 'flags',
  // The bad flag comes last so that it overrides the quick settings.
  argv: (c) => train(REVIEWS_CSV, join(c.dir, 'out'), extra as string[]),
  code: 2,
  names: () => [flag as string],
}));

const moreFlagCases: Case[] = [
  {
    id: 'train --model unknown',
    area: 'flags',
    argv: (c) => [
      'train',
      '--data',
      REVIEWS_CSV,
      '--model',
      'transformer',
      '--out',
      join(c.dir, 'out'),
    ],
    code: 2,
    names: () => ['--model', 'srnn'],
  },
  {
    id: 'train --spec with --slices',
    area: 'flags',
    argv: (c) => train(REVIEWS_CSV, join(c.dir, 'out'), ['--slices', '4']),
    code: 2,
    names: () => ['--spec', '--slices'],
  },
  {
    id: 'train --cell with --model gru',
    area: 'flags',
    argv: (c) => [
      'train',
      '--data',
      REVIEWS_CSV,
      '--model',
      'gru',
      '--cell',
      'lstm',
      '--out',
      join(c.dir, 'out'),
    ],
    code: 2,
    names: () => ['--cell', '--model gru'],
  },
  {
    id: 'train --data and --corpus',
    area: 'flags',
    argv: (c) => [...train(REVIEWS_CSV, join(c.dir, 'out')), '--corpus', 'uci-yelp'],
    code: 2,
    names: () => ['--data', '--corpus'],
  },
  {
    id: 'train without data',
    area: 'flags',
    argv: (c) => ['train', ...QUICK, '--out', join(c.dir, 'out')],
    code: 2,
    names: () => ['--data'],
  },
  {
    id: 'train --paper without --paper-dir',
    area: 'flags',
    argv: (c) => ['train', '--paper', 'yelp2013', ...QUICK, '--out', join(c.dir, 'out')],
    code: 2,
    names: () => ['--paper-dir'],
  },
  {
    id: 'train --corpus unknown',
    area: 'flags',
    argv: (c) => ['train', '--corpus', 'no-such-corpus', ...QUICK, '--out', join(c.dir, 'out')],
    code: 1,
    names: () => ['no-such-corpus', 'uci-yelp'],
  },
  {
    id: 'train --validation with --corpus',
    area: 'flags',
    argv: (c) => [
      'train',
      '--corpus',
      'uci-yelp',
      '--validation',
      REVIEWS_CSV,
      ...QUICK,
      '--out',
      join(c.dir, 'out'),
    ],
    code: 2,
    names: () => ['--validation'],
  },
  {
    id: 'train --split with --validation',
    area: 'flags',
    argv: (c) =>
      train(REVIEWS_CSV, join(c.dir, 'out'), [
        '--split',
        '0.8,0.1,0.1',
        '--validation',
        REVIEWS_CSV,
      ]),
    code: 2,
    names: () => ['--split', '--validation'],
  },
  {
    id: 'train without --out',
    area: 'flags',
    argv: () => ['train', '--data', REVIEWS_CSV, ...QUICK],
    code: 2,
    names: () => ['--out'],
  },
  {
    id: 'train --glove missing file',
    area: 'flags',
    argv: (c) => train(REVIEWS_CSV, join(c.dir, 'out'), ['--glove', join(c.dir, 'glove.txt')]),
    code: 1,
    names: () => ['glove.txt'],
  },
];

const fileCases: Case[] = [
  {
    id: 'csv: --data does not exist',
    area: 'csv',
    argv: (c) => train(join(c.dir, 'missing.csv'), join(c.dir, 'out')),
    code: 1,
    names: () => ['missing.csv'],
  },
  {
    id: 'csv: --data is a directory',
    area: 'csv',
    setup: async (c) => void (await mkdir(join(c.dir, 'folder.csv'))),
    argv: (c) => train(join(c.dir, 'folder.csv'), join(c.dir, 'out')),
    code: 1,
    names: () => ['folder.csv'],
  },
  {
    id: 'csv: unknown extension',
    area: 'csv',
    argv: async (c) => trainOn(c, 'reviews.txt', await reviews()),
    code: 1,
    names: () => ['reviews.txt', '--format'],
  },
  {
    id: 'csv: empty file',
    owner: 'datasets',
    area: 'csv',
    argv: (c) => trainOn(c, 'empty.csv', ''),
    code: 1,
    names: () => ['empty.csv'],
  },
  {
    id: 'csv: header only',
    owner: 'datasets',
    area: 'csv',
    argv: (c) => trainOn(c, 'header.csv', 'text,label\n'),
    code: 1,
    names: () => ['header.csv'],
  },
  {
    id: 'csv: one class only',
    area: 'csv',
    argv: async (c) => trainOn(c, 'one-class.csv', (await reviews()).replace(/,neg$/gm, ',pos')),
    code: 1,
    names: () => ['one-class.csv', '2 classes'],
  },
  {
    id: 'csv: row with an extra field (unquoted comma)',
    area: 'csv',
    owner: 'datasets',
    argv: async (c) => trainOn(c, 'extra.csv', await csvWith(3, 'Great food, lovely view,pos')),
    code: 1,
    names: () => ['extra.csv', 'line 3'],
  },
  {
    id: 'csv: row with an extra field under --on-invalid skip is counted',
    area: 'csv',
    owner: 'datasets',
    argv: async (c) => [
      ...(await trainOn(c, 'extra.csv', await csvWith(3, 'Great food, lovely view,pos'), [
        '--on-invalid',
        'skip',
        '--json',
      ])),
    ],
    code: 0,
    names: () => [],
    check: async (run, c) => {
      const labels = await readFile(await modelFile(join(c.dir, 'out'), 'labels'), 'utf8');
      return !labels.includes('lovely view') && /malformed|field/i.test(run.stdout);
    },
  },
  {
    id: 'csv: row with a missing field',
    area: 'csv',
    argv: async (c) => trainOn(c, 'short.csv', await csvWith(4, '"no label here"')),
    code: 1,
    names: () => ['short.csv', 'line 4'],
  },
  {
    id: 'csv: unterminated quote',
    area: 'csv',
    argv: async (c) => trainOn(c, 'quote.csv', await csvWith(5, '"Never closed,pos')),
    code: 1,
    names: () => ['quote.csv', 'line 5'],
  },
  {
    id: 'csv: unterminated quote under skip counts every record lost',
    area: 'csv',
    owner: 'datasets',
    argv: async (c) =>
      trainOn(c, 'quote.csv', await csvWith(5, '"Never closed,pos'), [
        '--on-invalid',
        'skip',
        '--json',
      ]),
    code: 0,
    names: () => [],
    check: (run) => {
      // 80 good rows: the ones after the bad quote are lost or resynchronised, never silently 1.
      const out = JSON.parse(run.stdout.trim().split('\n').pop()!);
      const skipped = Object.values((out.skipped ?? {}) as Record<string, number>).reduce(
        (s, n) => s + n,
        0,
      );
      return out.documents + skipped >= 81 || out.documents === 80;
    },
  },
  {
    id: 'csv: a --test label training never saw names --unknown-labels skip, file and line',
    area: 'csv',
    argv: async (c) =>
      train(REVIEWS_CSV, join(c.dir, 'out'), [
        '--test',
        await data(c, 'test.csv', 'text,label\n"fine food",pos\n"so so",meh\n"bad",neg\n'),
      ]),
    code: 1,
    names: () => ['test.csv', 'line 3', '"meh"', '--unknown-labels skip'],
  },
  {
    id: 'csv: --unknown-labels skip counts the dropped records in --json and report.json',
    area: 'csv',
    argv: async (c) =>
      train(REVIEWS_CSV, join(c.dir, 'out'), [
        '--test',
        await data(c, 'test.csv', 'text,label\n"fine food",pos\n"so so",meh\n"bad",neg\n'),
        '--unknown-labels',
        'skip',
        '--json',
      ]),
    code: 0,
    names: () => [],
    check: async (run, c) => {
      const out = JSON.parse(run.stdout.trim().split('\n').pop()!);
      // report.json sits beside the labels, in the bundle's folder.
      const labelsPath = await modelFile(join(c.dir, 'out'), 'labels');
      const report = await readFile(join(dirname(labelsPath), 'report.json'), 'utf8');
      const labels = await readFile(labelsPath, 'utf8');
      return (
        out.skipped?.unknownLabel === 1 &&
        /"skipped":\s*\{\s*"unknownLabel":\s*1\s*\}/.test(report) &&
        !labels.includes('meh')
      );
    },
  },
  {
    id: 'csv: empty text',
    area: 'csv',
    argv: async (c) => trainOn(c, 'empty-text.csv', await csvWith(3, '"",pos')),
    code: 1,
    names: () => ['empty-text.csv', 'line 3'],
  },
  {
    id: 'csv: missing label',
    area: 'csv',
    argv: async (c) => trainOn(c, 'no-label.csv', await csvWith(3, '"Nice place",')),
    code: 1,
    names: () => ['no-label.csv', 'line 3'],
  },
  {
    id: 'csv: invalid UTF-8',
    area: 'csv',
    argv: async (c) =>
      trainOn(
        c,
        'latin1.csv',
        Buffer.concat([
          Buffer.from(await csvWith(3, '"Caf')),
          Buffer.from([0xe9]),
          Buffer.from('",pos\n'),
        ]).toString('latin1'),
      ),
    code: 1,
    names: () => ['latin1.csv'],
  },
  {
    id: 'csv: --text-field names no column',
    area: 'csv',
    argv: (c) => train(REVIEWS_CSV, join(c.dir, 'out'), ['--text-field', 'body']),
    code: 1,
    names: () => ['reviews.csv', 'body'],
  },
  {
    id: 'csv: --label-field position out of range',
    owner: 'datasets',
    area: 'csv',
    argv: (c) => train(REVIEWS_CSV, join(c.dir, 'out'), ['--label-field', '7']),
    code: 1,
    names: () => ['reviews.csv', '7'],
  },
  {
    id: 'csv: text and label name the same column',
    area: 'csv',
    owner: 'datasets',
    argv: (c) => train(REVIEWS_CSV, join(c.dir, 'out'), ['--label-field', 'text']),
    code: 1,
    names: () => ['--text-field', '--label-field'],
  },
  {
    id: 'csv: too few documents for three splits',
    area: 'csv',
    argv: (c) => trainOn(c, 'tiny.csv', 'text,label\n"good",pos\n"bad",neg\n'),
    code: 1,
    names: () => ['tiny.csv', 'split'],
  },
  {
    id: 'csv: a 20 MB header line is refused without echoing it',
    area: 'csv',
    owner: 'datasets',
    argv: async (c) => trainOn(c, 'wide.csv', `${'x'.repeat(20 * 1024 * 1024)},label\n"a",pos\n`),
    code: 1,
    names: () => ['wide.csv'],
    check: (run) => run.stderr.length < 4000,
  },
  {
    id: 'csv: --validation has a label training never saw',
    area: 'csv',
    owner: 'datasets',
    argv: async (c) =>
      train(REVIEWS_CSV, join(c.dir, 'out'), [
        '--validation',
        await data(c, 'dev.csv', 'text,label\n"fine",pos\n"soup",cooking\n'),
      ]),
    code: 1,
    names: () => ['dev.csv', 'line 3', 'cooking'],
  },
  {
    id: 'csv: --validation file is empty',
    area: 'csv',
    owner: 'datasets',
    argv: async (c) =>
      train(REVIEWS_CSV, join(c.dir, 'out'), ['--validation', await data(c, 'dev.csv', '')]),
    code: 1,
    names: () => ['dev.csv', 'empty'],
  },
  {
    id: 'csv: --test file does not exist',
    area: 'csv',
    argv: (c) => train(REVIEWS_CSV, join(c.dir, 'out'), ['--test', join(c.dir, 'nope.csv')]),
    code: 1,
    names: () => ['nope.csv'],
  },
  {
    id: 'tsv: row with an extra field',
    area: 'tsv',
    owner: 'datasets',
    argv: async (c) =>
      trainOn(c, 'extra.tsv', insertLine(await reviewsTsv(), 3, 'Great food\tlovely view\tpos')),
    code: 1,
    names: () => ['extra.tsv', 'line 3'],
  },
  {
    id: 'tsv: a CSV file named .tsv',
    area: 'tsv',
    argv: async (c) => trainOn(c, 'comma.tsv', await reviews()),
    code: 1,
    names: () => ['comma.tsv', 'text'],
  },
  {
    id: 'tsv: empty file',
    owner: 'datasets',
    area: 'tsv',
    argv: (c) => trainOn(c, 'empty.tsv', ''),
    code: 1,
    names: () => ['empty.tsv'],
  },
  {
    id: 'jsonl: invalid JSON line',
    area: 'jsonl',
    argv: async (c) =>
      trainOn(c, 'bad.jsonl', insertLine(await reviewsJsonl(), 2, '{"text": "x",')),
    code: 1,
    names: () => ['bad.jsonl', 'line 2'],
  },
  {
    id: 'jsonl: text is a number',
    area: 'jsonl',
    owner: 'datasets',
    argv: async (c) =>
      trainOn(
        c,
        'number.jsonl',
        insertLine(await reviewsJsonl(), 2, '{"text": 42, "label": "pos"}'),
      ),
    code: 1,
    names: () => ['number.jsonl', 'line 2'],
  },
  {
    id: 'jsonl: text is null',
    area: 'jsonl',
    argv: async (c) =>
      trainOn(
        c,
        'null.jsonl',
        insertLine(await reviewsJsonl(), 2, '{"text": null, "label": "pos"}'),
      ),
    code: 1,
    names: () => ['null.jsonl', 'line 2'],
  },
  {
    id: 'jsonl: label is an object',
    area: 'jsonl',
    argv: async (c) =>
      trainOn(
        c,
        'object.jsonl',
        insertLine(await reviewsJsonl(), 2, '{"text": "fine", "label": {"v": 1}}'),
      ),
    code: 1,
    names: () => ['object.jsonl', 'line 2'],
  },
  {
    id: 'jsonl: a line is an array',
    area: 'jsonl',
    argv: async (c) =>
      trainOn(c, 'array.jsonl', insertLine(await reviewsJsonl(), 2, '["fine", "pos"]')),
    code: 1,
    names: () => ['array.jsonl', 'line 2'],
  },
  {
    id: 'jsonl: text key missing',
    area: 'jsonl',
    argv: async (c) =>
      trainOn(
        c,
        'nokey.jsonl',
        insertLine(await reviewsJsonl(), 2, '{"body": "fine", "label": "pos"}'),
      ),
    code: 1,
    names: () => ['nokey.jsonl', 'line 2', 'text'],
  },
  {
    id: 'jsonl: two records on one line',
    area: 'jsonl',
    argv: async (c) =>
      trainOn(
        c,
        'two.jsonl',
        insertLine(
          await reviewsJsonl(),
          2,
          '{"text": "a", "label": "pos"}{"text": "b", "label": "neg"}',
        ),
      ),
    code: 1,
    names: () => ['two.jsonl', 'line 2'],
  },
  {
    id: 'jsonl: empty file',
    owner: 'datasets',
    area: 'jsonl',
    argv: (c) => trainOn(c, 'empty.jsonl', ''),
    code: 1,
    names: () => ['empty.jsonl'],
  },
  {
    id: 'jsonl: CSV content named .jsonl',
    area: 'jsonl',
    argv: async (c) => trainOn(c, 'csv.jsonl', await reviews()),
    code: 1,
    names: () => ['csv.jsonl', 'line 1'],
  },
];

const modelCases: Case[] = [
  {
    id: 'model: --model does not exist',
    area: 'model-dir',
    argv: (c) => ['predict', '--model', join(c.dir, 'nowhere'), '--text', 'x', '--backend', 'cpu'],
    code: 1,
    names: () => ['nowhere'],
  },
  {
    id: 'model: --model is a file',
    area: 'model-dir',
    argv: async (c) => ['predict', '--model', await data(c, 'file.txt', 'hi'), '--text', 'x'],
    code: 1,
    names: () => ['file.txt'],
  },
  {
    id: 'model: --model is an empty directory',
    area: 'model-dir',
    setup: async (c) => void (await mkdir(join(c.dir, 'empty'))),
    argv: (c) => ['predict', '--model', join(c.dir, 'empty'), '--text', 'x', '--backend', 'cpu'],
    code: 1,
    names: () => ['empty'],
  },
  ...(['model', 'config', 'tokenizer', 'labels'] as const).map((role): Case => ({
    id: `model: ${role} file is not JSON`,
    area: 'model-dir',
    setup: async (c) => {
      await writeFile(await modelFile(c.model, role), '{"truncated": ');
      await rehash(c.model);
    },
    argv: predictText,
    code: 1,
    names: () => [`${role === 'model' ? 'model' : role}.json`],
  })),
  ...(['model', 'config', 'tokenizer', 'labels', 'weights'] as const).map((role): Case => ({
    id: `model: ${role} file is 0 bytes (a kill mid-write)`,
    area: 'model-dir',
    setup: async (c) => truncate(await modelFile(c.model, role), 0),
    argv: predictText,
    code: 1,
    names: () => [role === 'weights' ? 'weights.bin' : `${role}.json`],
  })),
  ...(['model', 'tokenizer', 'labels', 'weights'] as const).map((role): Case => ({
    id: `model: ${role} file missing`,
    area: 'model-dir',
    setup: async (c) => {
      const { rm } = await import('node:fs/promises');
      await rm(await modelFile(c.model, role));
    },
    argv: predictText,
    code: 1,
    names: () => [role === 'weights' ? 'weights.bin' : `${role}.json`],
  })),
  {
    id: 'model: labels in another order',
    area: 'model-dir',
    setup: async (c) => {
      await editJson(c.model, 'labels', () => ({ labels: ['pos', 'neg'] }));
      await rehash(c.model);
    },
    argv: predictText,
    code: 1,
    names: () => ['labels.json'],
  },
  {
    id: 'model: three labels for a two-class model',
    area: 'model-dir',
    setup: async (c) => {
      await editJson(c.model, 'labels', () => ({ labels: ['cooking', 'neg', 'pos'] }));
      await rehash(c.model);
    },
    argv: predictText,
    code: 1,
    names: () => ['labels.json'],
  },
  {
    id: "model: another model's tokenizer (other vocabulary size)",
    area: 'model-dir',
    setup: async (c) => {
      await editJson(c.model, 'tokenizer', (json) => {
        (json['config'] as Record<string, unknown>)['numWords'] = 7;
      });
      await rehash(c.model);
    },
    argv: predictText,
    code: 1,
    names: () => ['tokenizer.json'],
  },
  {
    id: 'model: tokenizer.json with a negative word count names the file and the field',
    area: 'model-dir',
    setup: async (c) => {
      await editJson(c.model, 'tokenizer', (json) => {
        (json['wordCounts'] as number[])[0] = -1;
      });
      await rehash(c.model);
    },
    argv: predictText,
    code: 1,
    names: () => ['tokenizer.json', 'wordCounts[0]'],
  },
  {
    id: 'model: config.json maxLength disagrees with the model',
    area: 'model-dir',
    setup: async (c) => {
      await editJson(c.model, 'config', (json) => {
        (json['data'] as Record<string, unknown>)['maxLength'] = 64;
      });
      await rehash(c.model);
    },
    argv: predictText,
    code: 1,
    names: () => ['config.json', 'maxLength'],
  },
  {
    id: "model: model.json's labels disagree with labels.json",
    area: 'model-dir',
    setup: async (c) => {
      await editJson(c.model, 'model', (json) => {
        const srnn = (json['userDefinedMetadata'] as Record<string, Record<string, unknown>>)[
          'srnn'
        ]!;
        srnn['labels'] = ['bad', 'good'];
      });
      await rehash(c.model);
    },
    argv: predictText,
    code: 1,
    names: () => ['model.json', 'labels'],
  },
  {
    id: 'model: weights truncated',
    area: 'model-dir',
    setup: async (c) => {
      const path = await modelFile(c.model, 'weights');
      const bytes = await readFile(path);
      await writeFile(path, bytes.subarray(0, bytes.length - 8));
      await rehash(c.model);
    },
    argv: predictText,
    code: 1,
    names: () => ['weights.bin'],
  },
  {
    id: 'model: weights padded',
    area: 'model-dir',
    setup: async (c) => {
      const path = await modelFile(c.model, 'weights');
      await writeFile(path, Buffer.concat([await readFile(path), Buffer.alloc(64)]));
      await rehash(c.model);
    },
    argv: predictText,
    code: 1,
    names: () => ['weights.bin'],
  },
  {
    id: 'model: a NaN weight',
    area: 'model-dir',
    setup: (c) => poke(c, NAN, true),
    argv: predictText,
    code: 1,
    names: () => ['weights.bin', 'NaN'],
  },
  {
    id: 'model: an infinite weight',
    area: 'model-dir',
    setup: (c) => poke(c, INF, true),
    argv: predictText,
    code: 1,
    names: () => ['weights.bin'],
  },
  {
    id: 'model: weights changed after saving (hash)',
    area: 'model-dir',
    setup: (c) => poke(c, [0x01, 0x02, 0x03, 0x3f], false),
    argv: predictText,
    code: 1,
    names: () => ['weights.bin'],
  },
  {
    id: 'model: weightsManifest path escapes the directory',
    area: 'model-dir',
    setup: async (c) => {
      await editJson(c.model, 'model', (json) => {
        (json['weightsManifest'] as { paths: string[] }[])[0]!.paths = ['../../../../etc/passwd'];
      });
      await rehash(c.model);
    },
    argv: predictText,
    code: 1,
    names: () => ['model.json', '../../../../etc/passwd'],
  },
  {
    id: 'model: weightsManifest path is /dev/zero',
    isolate: true,
    area: 'model-dir',
    setup: async (c) => {
      await editJson(c.model, 'model', (json) => {
        (json['weightsManifest'] as { paths: string[] }[])[0]!.paths = ['../../../../../dev/zero'];
      });
      await rehash(c.model);
    },
    argv: predictText,
    code: 1,
    names: () => ['model.json'],
  },
  {
    id: 'model: weights.bin is a symlink to /dev/zero',
    isolate: true,
    area: 'model-dir',
    setup: async (c) => {
      const { rm } = await import('node:fs/promises');
      const path = await modelFile(c.model, 'weights');
      await rm(path);
      await symlink('/dev/zero', path);
    },
    argv: predictText,
    code: 1,
    names: () => ['weights.bin'],
  },
  {
    id: 'model: a 3 GB sparse model.json is refused before reading',
    isolate: true,
    area: 'model-dir',
    setup: async (c) => truncate(await modelFile(c.model, 'model'), 3 * 1024 ** 3),
    argv: predictText,
    code: 1,
    names: () => ['model.json'],
  },
  {
    id: 'model: bundle.json is not JSON',
    area: 'model-dir',
    setup: async (c) => writeFile(join(c.model, 'bundle.json'), '{"format": "srnn-bundle",'),
    argv: predictText,
    code: 1,
    names: () => ['bundle.json'],
  },
  {
    id: 'model: bundle.json from a future version',
    area: 'model-dir',
    setup: async (c) =>
      writeFile(
        join(c.model, 'bundle.json'),
        JSON.stringify({ format: 'srnn-bundle', version: 99 }),
      ),
    argv: predictText,
    code: 1,
    names: () => ['bundle.json', 'version'],
  },
  {
    id: 'model: bundle.json lists a file outside the directory',
    area: 'model-dir',
    setup: async (c) => {
      const path = join(c.model, 'bundle.json');
      const manifest = await readFile(path, 'utf8').catch(
        () =>
          '{"format": "srnn-bundle", "version": 1, "files": {"tokenizer": {"path": "tokenizer.json"}}}',
      );
      await writeFile(
        path,
        JSON.stringify(JSON.parse(manifest), null, 2).replace(
          /"path": "[^"]*tokenizer.json"/,
          '"path": "../../tokenizer.json"',
        ),
      );
    },
    argv: predictText,
    code: 1,
    names: () => ['bundle.json', '../../tokenizer.json'],
  },
];

const useCases: Case[] = [
  {
    id: 'predict: an empty stdin line gets an error object, one line out per line in',
    area: 'predict',
    argv: (c) => predict(c),
    stdin: 'The food was great\n\nTerrible service\n',
    code: 0,
    names: () => [],
    check: (run) => {
      const lines = jsonLines(run);
      return lines.length === 3 && typeof lines[1]!['error'] === 'string' && 'label' in lines[2]!;
    },
  },
  {
    id: 'predict: --text of unknown words is flagged',
    area: 'predict',
    argv: (c) => predict(c, ['--text', 'zzzz qqqq']),
    code: 0,
    names: () => [],
    check: (run) => /known words|unknown/i.test(run.stdout),
  },
  {
    id: 'predict: probabilities are rounded to 6 significant digits',
    area: 'predict',
    argv: predictText,
    code: 0,
    names: () => [],
    check: (run) =>
      Object.values(jsonLines(run)[0]!['probabilities'] as Record<string, number>).every(
        (p) => Number(p.toPrecision(6)) === p,
      ),
  },
  {
    id: 'predict --data reads a CSV, one line per record with its line number',
    area: 'predict',
    argv: (c) => predict(c, ['--data', REVIEWS_CSV]),
    code: 0,
    names: () => [],
    check: (run) => {
      const lines = jsonLines(run);
      return lines.length === 80 && lines[0]!['line'] === 2 && lines[79]!['line'] === 81;
    },
  },
  {
    id: 'predict --data with a missing text column',
    area: 'predict',
    argv: async (c) => predict(c, ['--data', await data(c, 'notext.csv', 'body\nhello\n')]),
    code: 1,
    names: () => ['notext.csv', 'text'],
  },
  {
    id: 'evaluate: a label the model never saw',
    area: 'evaluate',
    argv: async (c) => [
      'evaluate',
      '--model',
      c.model,
      '--backend',
      'cpu',
      '--data',
      await data(c, 'unseen.csv', 'text,label\n"fine",pos\n"soup",cooking\n'),
    ],
    code: 1,
    names: () => ['unseen.csv', 'line 3', 'cooking'],
  },
  {
    id: 'evaluate: --split test scores the held-out rows of the training file',
    area: 'evaluate',
    argv: (c) => [
      'evaluate',
      '--model',
      c.model,
      '--backend',
      'cpu',
      '--data',
      REVIEWS_CSV,
      '--split',
      'test',
      '--json',
    ],
    code: 0,
    names: () => [],
    check: (run) => JSON.parse(run.stdout)['documents'] === 8,
  },
  {
    id: 'evaluate: --split test on another file is refused',
    area: 'evaluate',
    argv: async (c) => [
      'evaluate',
      '--model',
      c.model,
      '--backend',
      'cpu',
      '--data',
      await data(c, 'other.csv', (await reviews()).replace('great', 'grand')),
      '--split',
      'test',
    ],
    code: 1,
    names: () => ['other.csv', '--split'],
  },
  {
    id: 'evaluate: --on-invalid unknown names the flag',
    area: 'evaluate',
    argv: (c) => ['evaluate', '--model', c.model, '--data', REVIEWS_CSV, '--on-invalid', 'drop'],
    code: 2,
    names: () => ['--on-invalid'],
  },
  {
    id: 'evaluate: an invalid record names the CLI flag, not the library option',
    area: 'evaluate',
    argv: async (c) => [
      'evaluate',
      '--model',
      c.model,
      '--backend',
      'cpu',
      '--data',
      await data(c, 'holes.csv', 'text,label\n"fine",pos\n"",neg\n'),
    ],
    code: 1,
    names: () => ['holes.csv', 'line 3', '--on-invalid skip'],
  },
  {
    id: 'evaluate: a label the model does not know names --unknown-labels skip, file and line',
    area: 'evaluate',
    argv: async (c) => [
      'evaluate',
      '--model',
      c.model,
      '--backend',
      'cpu',
      '--data',
      await data(c, 'new-label.csv', 'text,label\n"fine food",pos\n"so so",meh\n'),
    ],
    code: 1,
    names: () => ['new-label.csv', 'line 3', '"meh"', '--unknown-labels skip'],
  },
  {
    id: 'evaluate: --unknown-labels skip drops and counts a label the model does not know',
    area: 'evaluate',
    argv: async (c) => [
      'evaluate',
      '--model',
      c.model,
      '--backend',
      'cpu',
      '--json',
      '--unknown-labels',
      'skip',
      '--data',
      await data(c, 'new-label.csv', 'text,label\n"fine food",pos\n"so so",meh\n"bad",neg\n'),
    ],
    code: 0,
    names: () => [],
    check: (run) => {
      const out = JSON.parse(run.stdout.trim().split('\n').pop()!);
      return out.documents === 2 && out.skipped?.unknownLabel === 1;
    },
  },
];

const outCases: Case[] = [
  {
    id: 'out: a directory holding unrelated files',
    area: 'out',
    setup: async (c) => {
      await mkdir(join(c.dir, 'out'));
      await writeFile(join(c.dir, 'out', 'thesis.tex'), 'my thesis');
    },
    argv: (c) => train(REVIEWS_CSV, join(c.dir, 'out')),
    code: 1,
    names: () => ['--out', 'thesis.tex'],
  },
  {
    id: 'out: --restart does not clear a directory of unrelated files',
    area: 'out',
    setup: async (c) => {
      await mkdir(join(c.dir, 'out'));
      await writeFile(join(c.dir, 'out', 'config.json'), '{"mine": true}');
    },
    argv: (c) => train(REVIEWS_CSV, join(c.dir, 'out'), ['--restart']),
    code: 1,
    names: () => ['--out'],
  },
  {
    id: 'out: an existing regular file',
    area: 'out',
    setup: async (c) => void (await writeFile(join(c.dir, 'out'), 'a file')),
    argv: (c) => train(REVIEWS_CSV, join(c.dir, 'out')),
    code: 1,
    names: () => ['--out'],
  },
  {
    id: 'out: under a regular file',
    area: 'out',
    setup: async (c) => void (await writeFile(join(c.dir, 'parent'), 'a file')),
    argv: (c) => train(REVIEWS_CSV, join(c.dir, 'parent', 'out')),
    code: 1,
    names: () => ['--out', 'parent'],
  },
  {
    id: 'out: a finished model, rerun with other data, is refused and left as it was',
    area: 'out',
    argv: async (c) =>
      train(await data(c, 'changed.csv', (await reviews()).replace('great', 'grand')), c.model),
    code: 1,
    names: () => ['--restart', 'data'],
  },
  {
    id: 'out: a finished model, rerun with other settings, is refused and left as it was',
    area: 'out',
    argv: (c) => train(REVIEWS_CSV, c.model, ['--units', '9']),
    code: 1,
    names: () => ['--restart', 'units'],
  },
  {
    id: 'out: a finished model rerun with --unknown-labels skip is refused naming the setting',
    area: 'out',
    argv: (c) => train(REVIEWS_CSV, c.model, ['--unknown-labels', 'skip']),
    code: 1,
    names: () => ['--restart', 'unknownLabels'],
  },
  {
    id: 'out: a finished model, rerun with the same data and settings, is returned as is',
    area: 'out',
    argv: (c) => [...train(REVIEWS_CSV, c.model), '--json'],
    code: 0,
    names: () => [],
    unchanged: (c) => [c.model],
    check: (run) => JSON.parse(run.stdout)['status'] === 'completed',
  },
  {
    id: 'out: --restart over a finished model trains a new one',
    area: 'out',
    argv: async (c) => [
      ...train(await data(c, 'changed.csv', (await reviews()).replace('great', 'grand')), c.model, [
        '--restart',
        '--json',
      ]),
    ],
    code: 0,
    names: () => [],
    check: async (run, c) =>
      JSON.parse(run.stdout)['resumed'] === false &&
      (await readFile(join(c.model, 'bundle.json'), 'utf8')).includes('srnn-bundle'),
  },
  {
    id: 'out: a legacy model directory is not overwritten without --restart',
    area: 'out',
    setup: async (c) => {
      const { cp } = await import('node:fs/promises');
      await cp(
        join(__dirname, '../../../../test-fixtures/legacy-models/srnn-gru'),
        join(c.dir, 'legacy'),
        {
          recursive: true,
        },
      );
    },
    argv: (c) => train(REVIEWS_CSV, join(c.dir, 'legacy')),
    code: 1,
    names: () => ['--restart'],
  },
];

/**
 * Cases that fail on this branch today (by id). A case leaves this list in the commit that fixes
 * it; cases fixed in another package's branch (owner) leave it when that branch is merged.
 */
const KNOWN_FAILING = new Set<string>([]);

/** Every case, in the order they run. */
export const CASES: Case[] = [
  ...flagCases,
  ...moreFlagCases,
  ...fileCases,
  ...modelCases,
  ...useCases,
  ...outCases,
].map((c) => (KNOWN_FAILING.has(c.id) ? { ...c, knownFailing: true } : c));
