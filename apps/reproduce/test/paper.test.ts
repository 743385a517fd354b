import { paperAverages, paperRowsFor, PAPER_TABLE2, PAPER_TABLE3 } from '../src';

describe("the paper's figures", () => {
  it('hold table 2 for six data sets and six models each', () => {
    expect(PAPER_TABLE2).toHaveLength(36);
    const yelp2013 = paperRowsFor('Yelp 2013');
    expect(yelp2013.get('SRNN(8,2)')).toMatchObject({ testAccuracy: 66.8, secondsPerEpoch: 145 });
    expect(yelp2013.get('GRU')).toMatchObject({ testAccuracy: 66.12, secondsPerEpoch: 3172 });
  });

  it("average the GRU's test accuracy over the six data sets", () => {
    // Hand sum of the paper's GRU test column: 66.12 + 70.63 + 72.89 + 95.96 + 61.36 + 95.22.
    expect(paperAverages().get('GRU')!.testAccuracy).toBeCloseTo(462.18 / 6, 6);
  });

  it('treat SRNN(2,8) and SRNN(2,7) as one family', () => {
    const family = paperAverages().get('SRNN(2,k)')!;
    // Speed-ups of SRNN(2,k) over the GRU per data set, from the paper's seconds per epoch.
    const expected =
      (3172 / 204 + 4142 / 284 + 4434 / 367 + 3170 / 297 + 8953 / 1344 + 11062 / 1886) / 6;
    expect(family.speedupOverGru).toBeCloseTo(expected, 6);
  });

  it('hold table 3 with its speed-ups consistent with its seconds', () => {
    for (const row of PAPER_TABLE3.rows) {
      expect(row.gruSeconds / row.srnnSeconds).toBeCloseTo(row.speedup, 1);
    }
  });
});
