import { locateBundleFile } from '@srnn/bundle/node';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadTrainedModel, prepareData, trainModel, type RunConfig } from '../src';
import { REVIEWS_CSV, temporaryDir, useCpu } from './helpers';

test('GloVe vectors initialise the embedding rows of their words; coverage is recorded', async () => {
  await useCpu();
  const { dir, cleanup } = await temporaryDir();
  try {
    // Three words of the fixture and one it lacks, 4 values each, in GloVe's text format.
    const vectors: Record<string, number[]> = {
      great: [0.5, -0.25, 1, 2],
      awful: [-1, 0.125, 0.75, -0.5],
      food: [0.1, 0.2, 0.3, 0.4],
      zebra: [9, 9, 9, 9],
    };
    const glove = join(dir, 'glove.txt');
    await writeFile(
      glove,
      Object.entries(vectors)
        .map(([word, v]) => `${word} ${v.join(' ')}`)
        .join('\n'),
    );
    const data = await prepareData(
      { kind: 'files', train: REVIEWS_CSV },
      { maxLength: 8, vocabulary: 1000, seed: 1 },
    );
    const outDir = join(dir, 'run');
    const outcome = await trainModel({
      data,
      model: { architecture: 'rnn', units: 4, embeddingDim: 4, glove, trainableEmbedding: false },
      training: { epochs: 1, batchSize: 32 },
      outDir,
      progress: 'none',
    });
    expect(outcome.status).toBe('completed');
    const config = JSON.parse(
      await readFile(await locateBundleFile(outDir, 'config'), 'utf8'),
    ) as RunConfig;
    expect(config.glove?.wordsFound).toBe(3);
    expect(config.glove?.words).toBe(data.vocabularySize - 1);

    const trained = await loadTrainedModel(outDir);
    try {
      const embedding = trained.model.getLayer('embedding').getWeights()[0]!;
      const rows = (await embedding.array()) as number[][];
      for (const word of ['great', 'awful', 'food']) {
        const row = rows[data.tokenizer.wordIndex.get(word)!]!;
        row.forEach((value, i) => expect(value).toBeCloseTo(vectors[word]![i]!, 6));
      }
      expect(rows[0]).toEqual([0, 0, 0, 0]);
    } finally {
      trained.dispose();
    }
  } finally {
    await cleanup();
  }
});
