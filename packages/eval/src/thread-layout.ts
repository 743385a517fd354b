import * as tf from '@tensorflow/tfjs';
import { productThreads, setProductThreads } from '@srnn/backend';

/**
 * What decides the order of the sums inside a step besides the data: the backend, and how many
 * threads @srnn/backend shares large products between (a product whose inner dimension is split
 * between threads adds the partial sums in another order, so the last bits of the result depend
 * on the thread count).
 */
export interface ThreadLayout {
  readonly backend: string;
  readonly productThreads: number;
}

/** The layout this process runs with now. */
export function currentThreadLayout(): ThreadLayout {
  return { backend: tf.getBackend(), productThreads: productThreads() };
}

/**
 * Brings this process to a checkpoint's layout where it can: the thread count is set back to the
 * checkpoint's. Returns a note for each difference (said to the user), or none.
 */
export function restoreThreadLayout(saved: ThreadLayout): string[] {
  const notes: string[] = [];
  const now = currentThreadLayout();
  if (now.productThreads !== saved.productThreads) {
    setProductThreads(saved.productThreads);
    notes.push(
      `large products run on ${saved.productThreads} thread(s), as when the checkpoint was written ` +
        `(this process had ${now.productThreads}), so that sums add up in the same order`,
    );
  }
  if (now.backend !== saved.backend) {
    notes.push(
      `the checkpoint was written on the ${saved.backend} backend and this run uses ${now.backend}: ` +
        'it continues, but not bit for bit as an uninterrupted run would',
    );
  }
  return notes;
}
