import { readFigshareYelp } from '../src/formats/figshare-yelp';
import { readTangSs } from '../src/formats/tang-ss';
import { readZhangCsv } from '../src/formats/zhang-csv';
import { brief, fixture, readAll } from './helpers';

describe('readFigshareYelp', () => {
  const file = fixture('paper', 'yelp_2013.csv');

  it('selects stars and text by name past an unnamed index column, reading BOM, CRLF and quoting', async () => {
    const { records, skipped } = await readAll(readFigshareYelp(file, { onInvalid: 'skip' }));
    expect(brief(records)).toEqual([
      ['Great tacos, friendly staff.', '5', 2],
      ['The "special" was cold.\nNever again.', '1', 3],
      ['Solid place', '4', 6],
      ['Meh, "fine", I guess', '2', 8],
    ]);
    expect(records[0]?.file).toBe(file);
    expect(skipped).toEqual({ emptyText: 1 });
  });

  it('stops at an empty text by default, naming file and line', async () => {
    await expect(readAll(readFigshareYelp(file))).rejects.toThrow(
      `${file}, line 5: the text is empty`,
    );
  });

  it('lists the columns present when a required column is missing', async () => {
    await expect(readAll(readFigshareYelp(fixture('generic', 'reviews.csv')))).rejects.toThrow(
      'the header has no `text` column; columns present: "id", "review", "sentiment"',
    );
  });

  it('rejects an unknown option value, naming the field and the allowed values', () => {
    expect(() => readFigshareYelp(file, { onInvalid: 'ignore' as 'skip' })).toThrow(
      /onInvalid.*"error"\|"skip"/,
    );
  });
});

describe('readTangSs', () => {
  it('reads user, product, rating, review and turns sentence separators into spaces', async () => {
    const { records } = await readAll(readTangSs(fixture('paper', 'yelp-2014-seg-20-20.train.ss')));
    expect(brief(records)).toEqual([
      ['great food . will come back .', '5', 1],
      ['slow service cold soup', '2', 2],
      ['nice', '4', 3],
    ]);
  });
});

describe('readZhangCsv', () => {
  it('decodes backslash-n, doubled quotes, and maps 1-based classes to 0-based', async () => {
    const file = fixture('paper', 'yelp_review_polarity_csv', 'train.csv');
    const { records } = await readAll(readZhangCsv(file, { withTitle: false, classes: 2 }));
    expect(brief(records)).toEqual([
      ['Loved it.\nWould return.', '1', 1],
      ['Terrible, just "terrible".', '0', 2],
      ['Best pho in town', '1', 3],
    ]);
  });

  it('joins an Amazon title and text, and keeps the text alone when the title is empty', async () => {
    const file = fixture('paper', 'amazon_review_full_csv', 'train.csv');
    const { records } = await readAll(readZhangCsv(file, { withTitle: true, classes: 5 }));
    expect(brief(records)).toEqual([
      ['Five stars Works as advertised.\nFast shipping.', '4', 1],
      ['Broke after a day', '0', 2],
      ['Average It is ok, "I suppose"', '2', 3],
    ]);
  });

  it('rejects a class outside 1..classes with the line', async () => {
    const file = fixture('paper', 'amazon_review_full_csv', 'train.csv');
    await expect(readAll(readZhangCsv(file, { withTitle: true, classes: 4 }))).rejects.toThrow(
      `${file}, line 1: class is "5"; expected 1 to 4`,
    );
  });

  it('reports a row of the wrong width (Yelp layout read as Amazon)', async () => {
    const file = fixture('paper', 'yelp_review_polarity_csv', 'train.csv');
    await expect(
      readAll(readZhangCsv(file, { withTitle: true, classes: 2, onInvalid: 'skip' })),
    ).rejects.toThrow(`${file}: holds no valid records (3 skipped: missingField 3)`);
  });
});
