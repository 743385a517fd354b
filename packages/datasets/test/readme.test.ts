// Mirrors the README's usage example, so that it stays true.
import { encodeDataset, openCorpus, splitIndices, takeRows } from '@srnn/datasets';

it('runs the README example', async () => {
  const { info, records } = openCorpus('uci-yelp');
  const data = await encodeDataset(records, { maxLen: 32, tokenizerOptions: { numWords: 5000 } });
  expect([info.title, data.shape, data.labels.labels, data.skipped]).toEqual([
    'UCI Sentiment Labelled Sentences: Yelp',
    [1000, 32],
    ['0', '1'],
    { emptyText: 1 },
  ]);

  const split = splitIndices(data.shape[0]);
  const train = takeRows(data, split.train);
  expect(train.shape).toEqual([800, 32]);
  expect(train.x).toHaveLength(800 * 32);
  expect(train.y).toHaveLength(800);
});
