import { OptionsError } from '@srnn/errors';
import { prepareData, trainModel } from '../src';
import { REVIEWS_CSV } from './helpers';

const prepare = { maxLength: 16, vocabulary: 100, seed: 1 };

describe('configuration is validated at the boundary', () => {
  test('prepare options name the field and the allowed values', async () => {
    await expect(
      prepareData({ kind: 'files', train: REVIEWS_CSV }, { ...prepare, vocabulary: 1 }),
    ).rejects.toThrow('vocabulary: must be an integer >= 2');
    await expect(
      prepareData({ kind: 'files', train: REVIEWS_CSV }, { ...prepare, split: [0.5, 0.2, 0.2] }),
    ).rejects.toThrow('train, validation and test fractions must add up to 1');
    await expect(
      prepareData(
        { kind: 'files', train: REVIEWS_CSV },
        { ...prepare, onInvalid: 'ignore' as 'skip' },
      ),
    ).rejects.toThrow("onInvalid: must be 'error' or 'skip'");
  });

  test('data sources: unknown kind, format, corpus and file extension', async () => {
    await expect(prepareData({ kind: 'web' } as never, prepare)).rejects.toThrow(
      "kind: must be one of 'corpus', 'paper', 'files'",
    );
    await expect(
      prepareData({ kind: 'files', train: REVIEWS_CSV, format: 'xml' as 'csv' }, prepare),
    ).rejects.toThrow('format: must be one of csv, tsv, jsonl, auto');
    await expect(prepareData({ kind: 'corpus', id: 'uci-nope' }, prepare)).rejects.toThrow(
      'unknown corpus "uci-nope"; expected one of uci-yelp, uci-amazon, uci-imdb, enron-spam, spamassassin',
    );
    // The format field, as data too, so that a command line can name its flag.
    const unknownExtension = await prepareData(
      { kind: 'files', train: 'reviews.txt' },
      prepare,
    ).catch((error: unknown) => error);
    expect(unknownExtension).toBeInstanceOf(OptionsError);
    expect((unknownExtension as OptionsError).problems.map((p) => p.field)).toEqual(['format']);
    expect((unknownExtension as OptionsError).message).toMatch(
      /^reviews\.txt: format: cannot be told/,
    );
    await expect(prepareData({ kind: 'paper', id: 'imdb', dir: '.' }, prepare)).rejects.toThrow(
      'unknown paper data set "imdb"; expected one of yelp2013',
    );
  });

  test('model and training choices are checked before any work', async () => {
    const data = await prepareData({ kind: 'files', train: REVIEWS_CSV }, prepare);
    const base = { data, outDir: 'unused', progress: 'none' as const };
    await expect(
      trainModel({ ...base, model: { architecture: 'transformer' as 'srnn' } }),
    ).rejects.toThrow('architecture: must be one of srnn, rnn, dccnn');
    await expect(trainModel({ ...base, model: { architecture: 'srnn' } })).rejects.toThrow(
      "model.spec is required for architecture 'srnn'",
    );
    await expect(
      trainModel({ ...base, model: { architecture: 'rnn', cell: 'rnn' } }),
    ).rejects.toThrow("model.cell must be one of gru, lstm (the registered cells); got 'rnn'");
    await expect(
      trainModel({ ...base, model: { architecture: 'rnn' }, training: { epochs: 0 } }),
    ).rejects.toThrow('epochs: must be an integer >= 1');
  });
});
