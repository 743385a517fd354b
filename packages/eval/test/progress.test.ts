import { createProgressReporter, formatDuration, type EpochRecord } from '../src';

function captureSink(isTTY = false) {
  const chunks: string[] = [];
  return {
    sink: { isTTY, write: (text: string) => chunks.push(text) },
    text: () => chunks.join(''),
  };
}

const record: EpochRecord = {
  epoch: 1,
  loss: 0.5,
  trainAccuracy: 0.75,
  validationAccuracy: 0.7,
  validationLoss: 0.6,
  validationMacroF1: 0.7,
  seconds: 2,
  validationSeconds: 0.1,
  steps: 4,
  tokens: 200,
  positions: 240,
  tokensPerSecond: 100,
  positionsPerSecond: 120,
};

describe('progress reporters', () => {
  it('prints plain lines with epoch, step, loss, throughput and ETA when not a TTY', () => {
    const out = captureSink(false);
    const progress = createProgressReporter('auto', {
      name: 'GRU',
      sink: out.sink,
      intervalSeconds: 0,
    });
    progress.startEpoch(1, 3, 4, 0);
    progress.update({ step: 1, loss: 0.69315, tokensPerSecond: 1234.4, seconds: 2 });
    progress.endEpoch(record, 3);
    const lines = out.text().trim().split('\n');
    // 1 step took 2 s, 3 remain: 6 s.
    expect(lines[0]).toBe('[GRU] epoch 1/3 step 1/4 loss 0.6932 1234 tokens/s eta 0:06');
    expect(lines[1]).toBe(
      '[GRU] epoch 1/3 done: loss 0.5000, train acc 75.00%, val acc 70.00%, 2.0 s, 100 tokens/s',
    );
  });

  it('holds lines back until the interval has passed, except the last step', () => {
    const out = captureSink(false);
    const progress = createProgressReporter('lines', {
      name: 'm',
      sink: out.sink,
      intervalSeconds: 3600,
    });
    progress.startEpoch(1, 1, 3, 0);
    progress.update({ step: 1, loss: 1, tokensPerSecond: 1, seconds: 1 });
    progress.update({ step: 2, loss: 1, tokensPerSecond: 1, seconds: 2 });
    expect(out.text()).toBe('');
    progress.update({ step: 3, loss: 1, tokensPerSecond: 1, seconds: 3 });
    expect(out.text()).toMatch(/^\[m\] epoch 1\/1 step 3\/3 /);
  });

  it('draws a cli-progress bar on a TTY', () => {
    const out = captureSink(true);
    const progress = createProgressReporter('auto', {
      name: 'SRNN',
      sink: out.sink,
      intervalSeconds: 0,
    });
    progress.startEpoch(2, 5, 10, 0);
    progress.update({ step: 5, loss: 0.25, tokensPerSecond: 42, seconds: 1 });
    progress.endEpoch({ ...record, epoch: 2 }, 5);
    progress.stop();
    expect(out.text()).toContain('[SRNN] epoch 2/5');
    expect(out.text()).toContain('5/10 | loss 0.2500 | 42 tokens/s');
    expect(out.text()).toContain('[SRNN] epoch 2/5 done:');
  });

  it("writes nothing in 'none' mode", () => {
    const out = captureSink(true);
    const progress = createProgressReporter('none', {
      name: 'x',
      sink: out.sink,
      intervalSeconds: 0,
    });
    progress.startEpoch(1, 1, 1, 0);
    progress.update({ step: 1, loss: 1, tokensPerSecond: 1, seconds: 1 });
    progress.endEpoch(record, 1);
    progress.note('hello');
    expect(out.text()).toBe('');
  });

  it('formats durations', () => {
    expect(formatDuration(6)).toBe('0:06');
    expect(formatDuration(75)).toBe('1:15');
    expect(formatDuration(3723)).toBe('1:02:03');
    expect(formatDuration(NaN)).toBe('?');
  });
});
