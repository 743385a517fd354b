// Mirrors the README's usage example, so that it stays true.
import { encodeDataset, gatherBatch, openCorpus, splitIndices, splitRows } from '@srnn/datasets';

it('runs the README example', async () => {
  const { info, records } = openCorpus('uci-yelp');
  const data = await encodeDataset(records, {
    maxLen: 32,
    tokenizerOptions: { numWords: 5000 },
    ids: 'compact',
  });
  expect([
    info.title,
    data.shape,
    data.labels.labels,
    data.skipped,
    data.stats.skippedTotal,
  ]).toEqual([
    'UCI Sentiment Labelled Sentences: Yelp',
    [1000, 32],
    ['0', '1'],
    { emptyText: 1 },
    1,
  ]);
  expect(data.x).toBeInstanceOf(Uint16Array);

  const split = splitIndices(data.shape[0]);
  const train = splitRows(data, split.train);
  expect(train.x).toBe(data.x);
  expect(train.shape).toEqual([800, 32]);
  const batch = gatherBatch(train, [0, 1, 2, 3]);
  expect(batch.x).toBeInstanceOf(Int32Array);
  expect([batch.rows, batch.maxLen, batch.x.length, batch.y.length]).toEqual([4, 32, 128, 4]);
});
