// The model and training flags of `srnn train` reach the library: what the written bundle records
// (config.json, model.json's layer config, bundle.json's cells), and predict --explain on a model
// trained with attention.
import { locateBundleFile } from '@srnn/bundle/node';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { EXIT } from '../src';
import { quietTf, REVIEWS_CSV, srnn, temporaryDir } from './helpers';

const common = [
  '--data',
  REVIEWS_CSV,
  '--max-len',
  '16',
  '--vocab',
  '1000',
  '--embedding-dim',
  '8',
  '--units',
  '8',
  '--epochs',
  '2',
  '--batch-size',
  '16',
  '--seed',
  '5',
  '--backend',
  'cpu',
  '--progress',
  'none',
];

let root: { dir: string; cleanup: () => Promise<void> };
let attentionModel: string;
let plainModel: string;
let trained: { code: number; stderr: string };

beforeAll(async () => {
  quietTf();
  root = await temporaryDir();
  attentionModel = join(root.dir, 'attention');
  plainModel = join(root.dir, 'plain');
  trained = await srnn([
    'train',
    ...common,
    '--model',
    'srnn',
    '--spec',
    'BiSRNN(4,1)',
    '--merge',
    'sum',
    '--cell',
    'gru,lstm',
    '--attention',
    '--skip-padding',
    '--dropout',
    '0.1',
    '--clip-norm',
    '1.5',
    '--lr-schedule',
    'step:0.5:1',
    '--checkpoint-every',
    '0.5',
    '--out',
    attentionModel,
  ]);
  await srnn(['train', ...common, '--model', 'srnn', '--spec', 'SRNN(4,1)', '--out', plainModel]);
}, 120_000);
afterAll(() => root.cleanup());

const readJson = async (dir: string, file: 'config' | 'model') =>
  JSON.parse(await readFile(await locateBundleFile(dir, file), 'utf8'));

test('the model flags reach the classifier: config.json, the SlicedRNN layer and bundle.json', async () => {
  expect(trained.code).toBe(EXIT.ok);
  const config = await readJson(attentionModel, 'config');
  expect(config.model).toMatchObject({
    architecture: 'srnn',
    spec: 'BiSRNN(4,1)',
    cell: ['gru', 'lstm'],
    merge: 'sum',
    attention: true,
    skipPadding: true,
    dropout: 0.1,
  });
  expect(config.training).toMatchObject({
    gradientClipNorm: 1.5,
    learningRateSchedule: { kind: 'step', factor: 0.5, everyEpochs: 1 },
    checkpointEveryMinutes: 0.5,
  });
  const model = await readJson(attentionModel, 'model');
  const topology = model.modelTopology.model_config ?? model.modelTopology;
  const layers = topology.config.layers as {
    class_name: string;
    config: Record<string, unknown>;
  }[];
  const sliced = layers.find((layer) => layer.class_name === 'SlicedRNN')!.config as {
    slices: number[];
    levels: { cell: string; bidirectional?: boolean; merge?: string; attention?: unknown }[];
    skip_padding?: boolean;
    dropout?: number;
  };
  expect(sliced.slices).toEqual([4]);
  expect(sliced.levels.map((level) => level.cell)).toEqual(['gru', 'lstm']);
  for (const level of sliced.levels) {
    expect(level).toMatchObject({ bidirectional: true, merge: 'sum' });
    expect(level.attention).toBeDefined();
  }
  // tfjs writes config keys in snake_case.
  expect(sliced.skip_padding).toBe(true);
  expect(sliced.dropout).toBe(0.1);
  const manifest = JSON.parse(await readFile(join(attentionModel, 'bundle.json'), 'utf8'));
  expect(manifest.cells).toEqual([
    { name: 'gru', package: '@srnn/cell-gru' },
    { name: 'lstm', package: '@srnn/cell-lstm' },
  ]);
});

test('predict --explain: the top level weighs spans that together are the text, in order', async () => {
  const text = 'The food was great and the staff were friendly';
  const run = await srnn(['predict', '--model', attentionModel, '--text', text, '--explain']);
  expect(run.code).toBe(EXIT.ok);
  const answer = JSON.parse(run.stdout) as {
    label: string;
    attention: { weight: number; from?: number; to?: number; words: string }[];
  };
  // SRNN(4,1) at 16 tokens: the top level reads 4 steps of 4 tokens each.
  expect(answer.attention).toHaveLength(4);
  const total = answer.attention.reduce((sum, span) => sum + span.weight, 0);
  expect(total).toBeCloseTo(1, 3);
  const spans = answer.attention.filter((span) => span.words !== '');
  // Every word of the (lower-cased) text, each in exactly one span, in the text's order.
  expect(spans.map((span) => span.words).join(' ')).toBe(text.toLowerCase());
  const words = text.split(' ').length;
  expect(spans[0]!.from).toBe(0);
  expect(spans[spans.length - 1]!.to).toBe(words);
  for (let i = 1; i < spans.length; i++) expect(spans[i]!.from).toBe(spans[i - 1]!.to);
  for (const span of spans) expect(span.words.split(' ')).toHaveLength(span.to! - span.from!);
  // Front padding: the 16 - 9 = 7 padding tokens fill the first step and part of the second.
  expect(answer.attention[0]!.words).toBe('');
});

test('predict --explain on a model without attention says so and names the flag', async () => {
  const run = await srnn(['predict', '--model', plainModel, '--text', 'great food', '--explain']);
  expect(run.code).toBe(EXIT.usage);
  expect(run.stderr).toContain(
    `--explain shows the attention of a model trained with --attention; ${plainModel} has none`,
  );
  expect(run.stdout).toBe('');
});
