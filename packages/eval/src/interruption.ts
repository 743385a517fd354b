import type { AbortSignalLike } from './train-options';

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;
type Signal = (typeof SIGNALS)[number];

/**
 * Notices a request to stop: an abort signal, or SIGINT/SIGTERM while installed. The training loop
 * polls {@link InterruptWatcher.reason} between steps, so the current step always finishes. A
 * second signal while one is pending means "stop now": the handlers are removed and the signal is
 * raised again so the process ends the usual way.
 */
export class InterruptWatcher {
  private received: Signal | null = null;
  private readonly handlers = new Map<Signal, () => void>();

  constructor(
    private readonly signal: AbortSignalLike | undefined,
    handleSignals: boolean,
  ) {
    if (!handleSignals) return;
    for (const name of SIGNALS) {
      const handler = (): void => {
        if (this.received !== null) {
          this.dispose();
          process.kill(process.pid, name);
          return;
        }
        this.received = name;
      };
      this.handlers.set(name, handler);
      process.on(name, handler);
    }
  }

  /** Why to stop ('SIGINT', 'SIGTERM', 'abort signal'), or null to go on. */
  reason(): string | null {
    if (this.received !== null) return this.received;
    return this.signal?.aborted === true ? 'abort signal' : null;
  }

  /** Removes the signal handlers. */
  dispose(): void {
    for (const [name, handler] of this.handlers) process.off(name, handler);
    this.handlers.clear();
  }
}
