import { SlicingError } from '@srnn/slicing';

/** Runs `action`, which must throw a SlicingError, and returns it for field and message checks. */
export function slicingErrorOf(action: () => unknown): SlicingError {
  try {
    action();
  } catch (error) {
    if (error instanceof SlicingError) return error;
    throw new Error(`expected a SlicingError, got ${String(error)}`);
  }
  throw new Error('expected a SlicingError, but nothing was thrown');
}
