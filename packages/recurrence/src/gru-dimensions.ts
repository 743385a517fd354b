/** Sizes of one recurrence and the projection layout. */
export interface GruDimensions {
  steps: number;
  sequences: number;
  units: number;
  /** Projections (and their gradient) are [steps, sequences, 3U] when true, else [sequences, steps, 3U]. */
  timeMajor: boolean;
}
