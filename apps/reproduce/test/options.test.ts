import { OptionsError } from '@srnn/errors';
import { parseReproduceOptions, planDatasets } from '../src';

describe('reproduce options', () => {
  it('has defaults for an offline run', () => {
    const o = parseReproduceOptions({});
    expect(o).toMatchObject({
      experiment: 'all',
      out: 'results',
      backend: 'auto',
      progress: 'auto',
    });
    expect(o.dataset).toBeUndefined();
  });

  it('parses lists and numbers from flag strings', () => {
    const o = parseReproduceOptions({
      dataset: 'uci-yelp, enron-spam',
      lengths: '512,4096',
      epochs: '3',
    });
    expect(o.dataset).toEqual(['uci-yelp', 'enron-spam']);
    expect(o.lengths).toEqual([512, 4096]);
    expect(o.epochs).toBe(3);
    expect(parseReproduceOptions({ models: 'GRU,SRNN(8,2), SRNN[4,2]' }).models).toEqual([
      'GRU',
      'SRNN(8,2)',
      'SRNN[4,2]',
    ]);
  });

  it('names the flag and the valid values in every error, all bad flags at once', () => {
    expect(() => parseReproduceOptions({ experiment: 'table4' })).toThrow(
      '--experiment: must be one of all, table2, table3, variants, speed, scale',
    );
    expect(() => parseReproduceOptions({ epochs: '0' })).toThrow(
      '--epochs: must be a whole number >= 1',
    );
    expect(() => parseReproduceOptions({ lengths: '512,abc' })).toThrow(
      "--lengths: must list whole numbers >= 1, got 'abc'",
    );
    expect(() => parseReproduceOptions({ backend: 'gpu', table3Batch: 'x' })).toThrow(
      '--table3-batch: must be a whole number >= 1; --backend: must be one of auto, node-gpu, node, wasm, cpu',
    );
    try {
      parseReproduceOptions({ maxLen: '-3' });
      throw new Error('accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(OptionsError);
      expect((error as OptionsError).problems).toEqual([
        { field: '--max-len', message: 'must be a whole number >= 1' },
      ]);
    }
  });

  it('takes --seeds as a count of seeds, from 1 to 20', () => {
    expect(parseReproduceOptions({ seeds: '3' }).seeds).toBe(3);
    expect(parseReproduceOptions({}).seeds).toBeUndefined();
    const countNotList =
      '--seeds: must be a whole number from 1 to 20: how many seeds each model trains with (--seed, --seed + 1, ...), not a list of seeds';
    for (const given of ['2018,2019', '21', '0', '2.5', 'three']) {
      expect(() => parseReproduceOptions({ seeds: given })).toThrow(countNotList);
    }
    expect(parseReproduceOptions({ experiment: 'variants' }).experiment).toBe('variants');
  });
});

describe('the embedded default run', () => {
  it('gives each bundled corpus its length and epochs, and --epochs overrides them', () => {
    const plans = planDatasets(parseReproduceOptions({}));
    expect(plans.map((d) => [d.id, d.maxLength, d.epochs])).toEqual([
      ['uci-yelp', 64, 8],
      ['uci-amazon', 64, 8],
      ['uci-imdb', 64, 8],
      ['enron-spam', 256, 3],
    ]);
  });
});
