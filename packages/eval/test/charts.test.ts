import { learningCurvesSvg, timeVersusLengthSvg, type EpochRecord } from '../src';

/** Point positions by aria-label, read from vega's SVG output. */
function pointPositions(svg: string): Map<string, { x: number; y: number }> {
  const points = new Map<string, { x: number; y: number }>();
  const pattern =
    /aria-label="([^"]+)" role="graphics-symbol" aria-roledescription="point" transform="translate\(([-\d.e]+),([-\d.e]+)\)"/g;
  for (const match of svg.matchAll(pattern)) {
    points.set(match[1]!, { x: Number(match[2]), y: Number(match[3]) });
  }
  return points;
}

const record = (epoch: number, trainAccuracy: number, validationAccuracy: number): EpochRecord => ({
  epoch,
  trainAccuracy,
  validationAccuracy,
  loss: 1 / epoch,
  validationLoss: 1.2 / epoch,
  validationMacroF1: 0.5,
  seconds: 1,
  validationSeconds: 0.1,
  steps: 1,
  tokens: 1,
  positions: 1,
  tokensPerSecond: 1,
  positionsPerSecond: 1,
});

describe('charts', () => {
  it('draws time against sequence length on log-log axes', async () => {
    // The paper's GRU timings: lengths x8 apart must sit equally spaced, and heights follow log(time).
    const svg = await timeVersusLengthSvg([
      { model: 'GRU', sequenceLength: 512, time: 54 },
      { model: 'GRU', sequenceLength: 4096, time: 476 },
      { model: 'GRU', sequenceLength: 32768, time: 7074 },
      { model: 'SRNN(8,k)', sequenceLength: 512, time: 4 },
      { model: 'SRNN(8,k)', sequenceLength: 4096, time: 9 },
    ]);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('>sequence length</text>');
    expect(svg).toContain('>SRNN(8,k)</text>');
    const points = pointPositions(svg);
    expect(points.size).toBe(5);
    const at = (length: number, time: number) =>
      points.get(`sequence length: ${length}; seconds: ${time}; model: GRU`)!;
    const [a, b, c] = [at(512, 54), at(4096, 476), at(32768, 7074)];
    expect(b.x - a.x).toBeCloseTo(c.x - b.x, 6);
    expect((a.y - b.y) / (b.y - c.y)).toBeCloseTo(Math.log(476 / 54) / Math.log(7074 / 476), 6);
  });

  it('refuses non-positive values on log axes, naming the point', async () => {
    await expect(
      timeVersusLengthSvg([{ model: 'GRU', sequenceLength: 0, time: 1 }]),
    ).rejects.toThrow(
      /log axes need positive sequenceLength and time, got \{"model":"GRU","sequenceLength":0,"time":1\}/,
    );
  });

  it('draws learning curves with train and validation lines per model', async () => {
    const svg = await learningCurvesSvg(
      [
        { name: 'GRU', history: [record(1, 0.5, 0.4), record(2, 0.7, 0.6)] },
        { name: 'SRNN(8,2)', history: [record(1, 0.55, 0.45), record(2, 0.75, 0.65)] },
      ],
      'accuracy',
    );
    expect(svg).toContain('>Accuracy per epoch</text>');
    expect(svg).toContain('>accuracy (%)</text>');
    const points = pointPositions(svg);
    expect(points.size).toBe(8);
    // Higher accuracy is drawn higher (smaller y).
    const y = (epoch: number, model: string, split: string) =>
      [...points].find(
        ([key]) =>
          key.startsWith(`epoch: ${epoch};`) && key.endsWith(`model: ${model}; split: ${split}`),
      )![1].y;
    expect(y(2, 'SRNN(8,2)', 'train')).toBeLessThan(y(1, 'GRU', 'validation'));
    expect(y(2, 'GRU', 'validation')).toBeGreaterThan(y(2, 'GRU', 'train')); // 60% below 70%
    const loss = await learningCurvesSvg([{ name: 'GRU', history: [record(1, 0.5, 0.4)] }], 'loss');
    expect(loss).toContain('>cross-entropy</text>');
  });
});
