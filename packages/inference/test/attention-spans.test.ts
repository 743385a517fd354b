// classify(texts, { explain: true }): each attention level's weights as word spans, checked
// against @srnn/model's explainAttention run directly on the same ids, and against spans worked
// out by hand for the model's shape (14 ids, front-padded by the plan to 16; SRNN(4,1)).
import { explainAttention } from '@srnn/model';
import * as tf from '@tensorflow/tfjs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadClassifierFromDirectory, topLevelSpans, type TextClassifier } from '../src/node';
import { trainAttentionModel } from './attention-model';

const LEGACY = join(__dirname, '..', '..', '..', 'test-fixtures', 'legacy-models');
// 9 words the reviews' vocabulary knows, then 3; one of none; one longer than 14 words.
const NINE = 'the food was great and the staff were friendly';
const TEXTS = [
  NINE,
  'cold rude food',
  'qwzx vbnm',
  'the food was great and the staff were friendly but the waiter was rude and slow',
];

let work: string;
let classifier: TextClassifier;

beforeAll(async () => {
  tf.env().set('PROD', true);
  await tf.setBackend('cpu');
  work = await mkdtemp(join(tmpdir(), 'srnn-explain-'));
  classifier = await loadClassifierFromDirectory(await trainAttentionModel(join(work, 'run')));
}, 180_000);
afterAll(async () => {
  classifier.dispose();
  await rm(work, { recursive: true, force: true });
});

/** The text's known words in order, looked up one by one (not through the row encoder). */
function knownWords(text: string): string[] {
  const ids = classifier.tokenizer.textToSequence(text);
  const wordOf = new Map([...classifier.tokenizer.wordIndex].map(([w, id]) => [id, w]));
  return Array.from(ids, (id) => wordOf.get(id)!).slice(-classifier.maxLength);
}

test('the weights are explainAttention’s for the same ids, level by level', async () => {
  expect(classifier.hasAttention).toBe(true);
  const predictions = await classifier.classify(TEXTS, { explain: true, batchSize: 3 });
  const x = new Int32Array(TEXTS.length * 14);
  TEXTS.forEach((text, r) =>
    classifier.tokenizer.encodeInto(text, x.subarray(r * 14, r * 14 + 14)),
  );
  const levels = explainAttention(classifier.model, tf.tensor2d(x, [TEXTS.length, 14], 'int32'));
  expect(levels.map((l) => l.level)).toEqual([0, 1]);
  for (const level of levels) {
    const [rows, sequences, steps] = level.weights.shape;
    const weights = level.weights.arraySync();
    for (let r = 0; r < rows; r++) {
      const got = predictions[r]!.attention!.find((l) => l.level === level.level)!;
      expect(got.steps).toBe(steps);
      const flat = weights[r]!.flat();
      expect(got.spans).toHaveLength(sequences * steps);
      got.spans.forEach((span, j) => expect(span.weight).toBeCloseTo(flat[j]!, 6));
    }
    level.weights.dispose();
  }
  // Plain classify stays as it was: no attention field, the same probabilities.
  const plain = await classifier.classify(TEXTS);
  expect(plain.every((p) => p.attention === undefined)).toBe(true);
  expect(plain.map((p) => p.probabilities)).toEqual(predictions.map((p) => p.probabilities));
});

test('the spans of a 9-word text, worked out by hand', async () => {
  const [prediction] = await classifier.classify([NINE], { explain: true });
  const [level0, top] = prediction!.attention!;
  const words = knownWords(NINE);
  expect(words).toHaveLength(9);
  // Padded row: 2 plan pads + 5 row pads, then the 9 words at padded positions 7..15.
  // Top level: 4 steps of 4 padded positions: [0,4) none, [4,8) word 0, [8,12) 1-4, [12,16) 5-8.
  expect(top!.spans.map((s) => [s.from, s.to, s.words])).toEqual([
    [undefined, undefined, ''],
    [0, 1, words[0]],
    [1, 5, words.slice(1, 5).join(' ')],
    [5, 9, words.slice(5, 9).join(' ')],
  ]);
  expect(top!.spans.reduce((sum, s) => sum + s.weight, 0)).toBeCloseTo(1, 5);
  // Level 0: one token per step, 4 sequences of 4 steps, each sequence's weights sum to 1.
  expect(level0!.spans.map((s) => s.words)).toEqual([...Array<string>(7).fill(''), ...words]);
  for (let i = 0; i < 4; i++) {
    const sum = level0!.spans.slice(4 * i, 4 * i + 4).reduce((a, s) => a + s.weight, 0);
    expect(sum).toBeCloseTo(1, 5);
  }
  // What `srnn predict --explain` prints: the same top level.
  expect(topLevelSpans(classifier.model, classifier.tokenizer, NINE)).toEqual(top!.spans);
});

test('a text longer than the row keeps its last 14 words; one of no known word has no span', async () => {
  const [long, none] = await classifier.classify([TEXTS[3]!, TEXTS[2]!], { explain: true });
  const top = long!.attention!.at(-1)!.spans.filter((s) => s.words !== '');
  expect(top.map((s) => s.words).join(' ')).toBe(knownWords(TEXTS[3]!).join(' '));
  expect(top.at(-1)!.to).toBe(14);
  expect(none!.knownTokens).toBe(0);
  expect(none!.attention!.every((l) => l.spans.every((s) => s.words === ''))).toBe(true);
});

test('a model without attention: hasAttention false, explain adds nothing', async () => {
  const plain = await loadClassifierFromDirectory(join(LEGACY, 'srnn-gru'));
  try {
    expect(plain.hasAttention).toBe(false);
    const [prediction] = await plain.classify([NINE], { explain: true });
    expect(prediction!.attention).toBeUndefined();
  } finally {
    plain.dispose();
  }
});
