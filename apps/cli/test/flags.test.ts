import { listCells } from '@srnn/model';
import { EXIT } from '../src';
import { REVIEWS_CSV, srnn } from './helpers';

const train = ['train', '--data', REVIEWS_CSV, '--out', 'unused-dir', '--backend', 'cpu'];

describe('bad flags give one-line messages naming the flag and the valid values, exit code 2', () => {
  test.each([
    [[...train, '--model', 'grux'], "--model: must be one of srnn, gru, lstm, dccnn; got 'grux'"],
    [
      [...train, '--model', 'srnn', '--epochs', 'ten'],
      "--epochs: must be an integer >= 1; got 'ten'",
    ],
    [[...train, '--model', 'srnn', '--lr', '-1'], "--lr: must be a number > 0; got '-1'"],
    [
      [...train, '--model', 'srnn', '--format', 'xml'],
      "--format: must be one of auto, csv, tsv, jsonl; got 'xml'",
    ],
    [
      [...train, '--model', 'srnn', '--backend', 'gpu'],
      "--backend: must be one of auto, wasm, cpu, node, node-gpu; got 'gpu'",
    ],
    [
      [...train, '--model', 'srnn', '--cell', 'rnn'],
      `--cell must be one of ${listCells().join(', ')} (the registered cells; --cell-package NAME loads more), or one per level separated by commas; got 'rnn'`,
    ],
    [
      [...train, '--model', 'srnn', '--spec', 'SRNN(8,2)', '--cell', 'gru,lstm'],
      '--cell lists 2 cells but the SRNN has 3 levels (depth + 1): give one cell, or 3 separated by commas',
    ],
    [
      [...train, '--model', 'srnn', '--cell', 'gru,nope,gru'],
      `--cell must be one of ${listCells().join(', ')} (the registered cells; --cell-package NAME loads more), or one per level separated by commas; got 'nope'`,
    ],
    [[...train, '--model', 'gru', '--cell', 'lstm'], '--cell applies to --model srnn only'],
    [
      [...train, '--model', 'srnn', '--merge', 'max', '--bidirectional'],
      "--merge: must be one of concat, sum, average; got 'max'",
    ],
    [
      [...train, '--model', 'srnn', '--merge', 'sum'],
      '--merge applies to bidirectional levels only: add --bidirectional or use a BiSRNN(n,k) --spec',
    ],
    [
      [...train, '--model', 'srnn', '--dropout', '1'],
      "--dropout: must be a number in [0, 1); got '1'",
    ],
    [[...train, '--model', 'lstm', '--attention'], '--attention applies to --model srnn only'],
    [
      [...train, '--model', 'dccnn', '--skip-padding'],
      '--skip-padding applies to --model srnn only',
    ],
    [
      [...train, '--model', 'gru', '--bidirectional'],
      '--bidirectional applies to --model srnn only',
    ],
    [
      [...train, '--model', 'srnn', '--clip-norm', '0'],
      "--clip-norm: must be a number > 0; got '0'",
    ],
    [
      [...train, '--model', 'srnn', '--checkpoint-every', 'often'],
      "--checkpoint-every: must be a number > 0; got 'often'",
    ],
    [
      [...train, '--model', 'srnn', '--lr-schedule', 'linear'],
      "--lr-schedule must be one of constant, step, warmup, cosine; got 'linear'. Give one of constant, step:FACTOR:EVERY_EPOCHS, warmup:STEPS, cosine[:WARMUP_STEPS[:MIN_LR]]",
    ],
    [
      [...train, '--model', 'srnn', '--lr-schedule', 'step:2:1'],
      "--lr-schedule: step FACTOR: must be a number in (0, 1); got 'step:2:1'",
    ],
    [
      // Every bad number is named, as the form writes it.
      [...train, '--model', 'srnn', '--lr-schedule', 'cosine:-1:-1'],
      '--lr-schedule: cosine WARMUP_STEPS: ',
    ],
    [
      [...train, '--model', 'srnn', '--lr-schedule', 'warmup'],
      "--lr-schedule 'warmup' takes 1 number(s); got 'warmup'",
    ],
    [
      [...train, '--model', 'srnn', '--cell-package', 'srnn-cell-not-installed'],
      "--cell-package: cell package 'srnn-cell-not-installed' is not installed for the project in",
    ],
    [
      [...train, '--model', 'srnn', '--split', '0.8,0.3,0.1'],
      "--split: must be three fractions > 0 that add up to 1, e.g. 0.8,0.1,0.1; got '0.8,0.3,0.1'",
    ],
    [
      [...train, '--model', 'gru', '--spec', 'SRNN(8,2)'],
      '--spec applies to --model srnn only (--model gru was given)',
    ],
    [
      [...train, '--model', 'srnn', '--spec', 'SRNN(8,2)', '--slices', '4'],
      'give either --spec or --slices/--depth, not both',
    ],
    [[...train, '--model', 'srnn', '--spec', 'RNN(8)'], '--spec: '],
    [
      [...train, '--model', 'srnn', '--corpus', 'uci-yelp'],
      'give only one of --data, --corpus, --paper; got --data and --corpus',
    ],
    [
      [...train, '--model', 'srnn', '--split', '0.8,0.1,0.1', '--test', REVIEWS_CSV],
      'give either --split or --validation/--test files, not both',
    ],
    [
      ['train', '--model', 'srnn', '--out', 'x'],
      'give the documents with --data FILE, --corpus ID or --paper ID --paper-dir DIR',
    ],
    [
      ['train', '--data', REVIEWS_CSV, '--model', 'srnn'],
      "required option '--out <dir>' not specified",
    ],
    [[...train, '--model', 'srnn', '--colour'], "unknown option '--colour'"],
    [['trian'], "unknown command 'trian'"],
    [
      ['predict', '--model', 'x', '--backend', 'tpu'],
      "--backend: must be one of auto, wasm, cpu, node, node-gpu; got 'tpu'",
    ],
  ])('%j', async (argv, message) => {
    const run = await srnn(argv);
    expect(run.code).toBe(EXIT.usage);
    expect(run.stderr).toContain(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).not.toContain('    at ');
    expect(run.stdout).toBe('');
  });

  test('every command has --help with examples, exit code 0', async () => {
    for (const command of ['train', 'evaluate', 'predict', 'datasets', 'bench']) {
      const run = await srnn([command, '--help']);
      expect(run.code).toBe(EXIT.ok);
      expect(run.stdout).toContain(`Usage: srnn ${command}`);
      expect(run.stdout).toContain('Examples:');
    }
    const top = await srnn(['--help']);
    expect(top.code).toBe(EXIT.ok);
    for (const command of ['train', 'evaluate', 'predict', 'datasets', 'bench'])
      expect(top.stdout).toContain(command);
  });

  test('runtime failures exit 1 in one line; --verbose and SRNN_DEBUG=1 add the stack', async () => {
    const argv = ['evaluate', '--model', 'no-such-dir', '--data', REVIEWS_CSV, '--backend', 'cpu'];
    const plain = await srnn(argv);
    expect(plain.code).toBe(EXIT.failure);
    expect(plain.stderr).toMatch(
      /^(backend: .*\n)?srnn: .*no-such-dir.* is not a trained model directory.*\n$/,
    );
    const verbose = await srnn([...argv, '--verbose']);
    expect(verbose.code).toBe(EXIT.failure);
    expect(verbose.stderr).toContain('    at ');
    const debug = await srnn(argv, { env: { SRNN_DEBUG: '1' } });
    expect(debug.stderr).toContain('    at ');
  });

  test('a paper data set whose files are missing: one line naming the files it needs', async () => {
    const run = await srnn([
      'train',
      '--paper',
      'yelp2013',
      '--paper-dir',
      __dirname,
      '--model',
      'gru',
      '--backend',
      'cpu',
      '--out',
      'unused',
    ]);
    expect(run.code).toBe(EXIT.failure);
    const errorLines = run.stderr.split('\n').filter((line) => line.startsWith('srnn: '));
    expect(errorLines).toHaveLength(1);
    expect(errorLines[0]).toContain('Yelp 2013 not found');
    expect(errorLines[0]).toContain('yelp_2013.csv');
    expect(run.stderr).not.toContain('    at ');
  });
});
