/**
 * The whole run's ETA while it trains: the plan's estimate of what is left, scaled by how the
 * estimate has compared with the clock so far in this session (models kept from an earlier run
 * and steps resumed from a checkpoint count as done, and take no time).
 */
import { formatDuration, type StepInfo, type TextSink } from '@srnn/eval';
import type { ExperimentPlan, PlannedModel } from './experiment-plan';

interface Current {
  model: PlannedModel;
  totalSteps: number;
  /** Global step the model resumed from in this session (0 for a fresh start). */
  resumedFrom?: number;
  lastStep: number;
  startedAt: number;
}

export class RunClock {
  private readonly models: PlannedModel[];
  private readonly done = new Set<PlannedModel>();
  private current: Current | undefined;
  /** Seconds spent training in this session, and the estimate's seconds for that work. */
  private spent = 0;
  private estimated = 0;

  constructor(
    private readonly plan: ExperimentPlan,
    private readonly now: () => number = () => performance.now() / 1000,
  ) {
    this.models = plan.datasets.flatMap((d) => d.models);
  }

  /** Marks the start of a model's training; returns the line to print. */
  startModel(dataset: string, label: string, seed?: number): string {
    const index = this.models.findIndex(
      (m) => m.dataset === dataset && m.label === label && m.seed === seed,
    );
    const model = this.models[index];
    if (model) {
      this.current = {
        model,
        totalSteps: model.epochs * model.stepsPerEpoch,
        lastStep: 0,
        startedAt: this.now(),
      };
    }
    const name = seed === undefined ? label : `${label} seed ${seed}`;
    return `reproduce: ${dataset} ${name}, model ${index + 1} of ${this.models.length}; ${this.status()}`;
  }

  /** Called after every optimisation step of the current model. */
  step(info: StepInfo): void {
    const c = this.current;
    if (!c) return;
    c.resumedFrom ??= info.globalStep - 1;
    c.lastStep = info.globalStep;
  }

  /** Marks the end of the current model (finished, kept or interrupted). */
  endModel(): void {
    const c = this.current;
    if (!c) return;
    this.current = undefined;
    this.done.add(c.model);
    if (c.resumedFrom === undefined || c.model.seconds === 0) return; // kept: no work this session
    this.spent += this.now() - c.startedAt;
    this.estimated += c.model.seconds * (1 - c.resumedFrom / Math.max(1, c.totalSteps));
  }

  /** Estimated seconds left: the plan's, scaled by measured over estimated time so far. */
  secondsLeft(): number {
    let left = 0;
    let spent = this.spent;
    let estimated = this.estimated;
    for (const m of this.models)
      if (!this.done.has(m) && m !== this.current?.model) left += m.seconds;
    const c = this.current;
    if (c) {
      const fraction = c.lastStep / Math.max(1, c.totalSteps);
      left += c.model.seconds * (1 - fraction);
      if (c.resumedFrom !== undefined && c.lastStep > c.resumedFrom) {
        spent += this.now() - c.startedAt;
        estimated += c.model.seconds * ((c.lastStep - c.resumedFrom) / Math.max(1, c.totalSteps));
      }
    }
    return estimated > 0 ? left * (spent / estimated) : left;
  }

  /** 'whole run: 23% of the estimate done, about 3:40 left'. */
  status(): string {
    const left = this.secondsLeft();
    const total = this.plan.seconds;
    let remainingEstimate = 0;
    for (const m of this.models) if (!this.done.has(m)) remainingEstimate += m.seconds;
    const c = this.current;
    if (c) remainingEstimate -= c.model.seconds * (c.lastStep / Math.max(1, c.totalSteps));
    const percent = total > 0 ? Math.round((100 * (total - remainingEstimate)) / total) : 100;
    return `whole run: ${percent}% done, about ${formatDuration(left)} left`;
  }

  /** A progress sink that ends every complete progress line with the whole run's status. */
  sink(inner: TextSink): TextSink {
    const write = (text: string) =>
      inner.write(
        text.startsWith('[') && text.endsWith('\n')
          ? `${text.slice(0, -1)} | ${this.status()}\n`
          : text,
      );
    // cli-progress draws its bar on a TTY through write, isTTY and columns.
    return Object.defineProperties(
      { write },
      {
        isTTY: { get: () => inner.isTTY },
        columns: { get: () => (inner as { columns?: number }).columns },
      },
    ) as TextSink;
  }
}
