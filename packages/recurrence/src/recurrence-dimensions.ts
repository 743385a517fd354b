/** Sizes of one recurrence and how it runs. */
export interface RecurrenceDimensions {
  steps: number;
  sequences: number;
  units: number;
  /** Projections (and their gradient) are [steps, sequences, width] when true, else [sequences, steps, width]. */
  timeMajor: boolean;
  /** Steps run from the last to the first. */
  reverse: boolean;
}

/** Attributes of both kernels (and of a worker's share). */
export interface RecurrenceKernelAttrs {
  /** The compiled cell's key. */
  cell: string;
  timeMajor: boolean;
  reverse: boolean;
}
