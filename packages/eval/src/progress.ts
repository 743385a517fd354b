import cliProgress from 'cli-progress';
import type { EpochRecord } from './training-types';
import type { ProgressMode, TextSink } from './train-options';

/** Live figures shown while an epoch runs. */
export interface StepProgress {
  /** Steps finished in this epoch. */
  readonly step: number;
  /** Mean training loss so far in this epoch. */
  readonly loss: number;
  /** Non-padding tokens per second so far in this epoch. */
  readonly tokensPerSecond: number;
  /** Training seconds so far in this epoch. */
  readonly seconds: number;
}

/** Receives training progress; one implementation per display mode. */
export interface ProgressReporter {
  startEpoch(epoch: number, epochs: number, totalSteps: number, startStep: number): void;
  update(progress: StepProgress): void;
  endEpoch(record: EpochRecord, epochs: number): void;
  note(text: string): void;
  stop(): void;
}

/** Seconds as m:ss or h:mm:ss. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  const total = Math.round(seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mm = h > 0 ? String(m).padStart(2, '0') : String(m);
  return `${h > 0 ? `${h}:` : ''}${mm}:${String(s).padStart(2, '0')}`;
}

function epochSummary(name: string, record: EpochRecord, epochs: number): string {
  const pct = (v: number): string => `${(v * 100).toFixed(2)}%`;
  return (
    `[${name}] epoch ${record.epoch}/${epochs} done: loss ${record.loss.toFixed(4)}, ` +
    `train acc ${pct(record.trainAccuracy)}, val acc ${pct(record.validationAccuracy)}, ` +
    `${record.seconds.toFixed(1)} s, ${Math.round(record.tokensPerSecond)} tokens/s\n`
  );
}

class SilentProgress implements ProgressReporter {
  startEpoch(): void {}
  update(): void {}
  endEpoch(): void {}
  note(): void {}
  stop(): void {}
}

/** Plain lines at most every `intervalSeconds` (for CI logs), plus one line per epoch. */
class LineProgress implements ProgressReporter {
  private epoch = 0;
  private epochs = 0;
  private totalSteps = 0;
  private startStep = 0;
  private lastLine = 0;

  constructor(
    private readonly name: string,
    private readonly sink: TextSink,
    private readonly intervalSeconds: number,
    private readonly now: () => number = () => performance.now() / 1000,
  ) {}

  startEpoch(epoch: number, epochs: number, totalSteps: number, startStep: number): void {
    Object.assign(this, { epoch, epochs, totalSteps, startStep });
    this.lastLine = this.now();
  }

  update(progress: StepProgress): void {
    const now = this.now();
    if (now - this.lastLine < this.intervalSeconds && progress.step < this.totalSteps) return;
    this.lastLine = now;
    const doneHere = progress.step - this.startStep;
    const eta =
      doneHere > 0 ? (progress.seconds / doneHere) * (this.totalSteps - progress.step) : NaN;
    this.sink.write(
      `[${this.name}] epoch ${this.epoch}/${this.epochs} step ${progress.step}/${this.totalSteps} ` +
        `loss ${progress.loss.toFixed(4)} ${Math.round(progress.tokensPerSecond)} tokens/s ` +
        `eta ${formatDuration(eta)}\n`,
    );
  }

  endEpoch(record: EpochRecord, epochs: number): void {
    this.sink.write(epochSummary(this.name, record, epochs));
  }

  note(text: string): void {
    this.sink.write(`[${this.name}] ${text}\n`);
  }

  stop(): void {}
}

/** A cli-progress bar per epoch with step, loss, throughput and ETA. */
class BarProgress implements ProgressReporter {
  private bar: cliProgress.SingleBar | null = null;

  constructor(
    private readonly name: string,
    private readonly sink: TextSink,
  ) {}

  startEpoch(epoch: number, epochs: number, totalSteps: number, startStep: number): void {
    this.bar?.stop();
    this.bar = new cliProgress.SingleBar(
      {
        format: `[${this.name}] epoch ${epoch}/${epochs} {bar} {value}/{total} | loss {loss} | {tps} tokens/s | ETA {eta_formatted}`,
        stream: this.sink as NodeJS.WritableStream,
        hideCursor: true,
        etaBuffer: 20,
      },
      cliProgress.Presets.shades_classic,
    );
    this.bar.start(totalSteps, startStep, { loss: '-', tps: '-' });
  }

  update(progress: StepProgress): void {
    this.bar?.update(progress.step, {
      loss: progress.loss.toFixed(4),
      tps: String(Math.round(progress.tokensPerSecond)),
    });
  }

  endEpoch(record: EpochRecord, epochs: number): void {
    this.bar?.stop();
    this.bar = null;
    this.sink.write(epochSummary(this.name, record, epochs));
  }

  note(text: string): void {
    // A note comes after an epoch's steps or before the first one: close the bar so lines don't mix.
    this.stop();
    this.sink.write(`[${this.name}] ${text}\n`);
  }

  stop(): void {
    this.bar?.stop();
    this.bar = null;
  }
}

/**
 * Picks the reporter for a mode: 'auto' draws a bar when the sink is a TTY and prints plain lines
 * otherwise (CI logs); 'none' prints nothing.
 */
export function createProgressReporter(
  mode: ProgressMode,
  options: { name: string; sink: TextSink; intervalSeconds: number },
): ProgressReporter {
  const resolved = mode === 'auto' ? (options.sink.isTTY === true ? 'bar' : 'lines') : mode;
  switch (resolved) {
    case 'none':
      return new SilentProgress();
    case 'lines':
      return new LineProgress(options.name, options.sink, options.intervalSeconds);
    case 'bar':
      return new BarProgress(options.name, options.sink);
  }
}
