/**
 * The scale experiment's synthetic files: reused when the folder already holds a complete data set
 * written by the generator (`generateSyntheticDataset`, or `scripts/generate-paper-data.mjs`) with
 * the same data set, document count and seed, as its SYNTHETIC-DATA.md says; generated otherwise.
 * A folder of other data is never deleted or overwritten: it is refused, saying what differs.
 */
import { readdir } from 'node:fs/promises';
import { readSyntheticMarker, type PaperDatasetId } from '@srnn/datasets';
import { FileError, SrnnError } from '@srnn/errors';

/** What to do with the data folder. */
export type ScaleDataPlan = { reuse: true } | { reuse: false };

export async function planScaleData(
  dir: string,
  wanted: { dataset: PaperDatasetId; documents: number; seed: number },
): Promise<ScaleDataPlan> {
  const marker = await readSyntheticMarker(dir);
  if (!marker) {
    const entries = await readdir(dir).catch(() => [] as string[]);
    if (entries.length > 0) {
      throw new SrnnError(
        `${dir} holds files but no SYNTHETIC-DATA.md: the scale experiment writes synthetic data only into an empty or new folder, or reuses one written by scripts/generate-paper-data.mjs; give another --data-dir`,
        { file: dir },
      );
    }
    return { reuse: false };
  }
  const differences = (
    [
      ['dataset', marker.dataset, wanted.dataset],
      ['documents', marker.documents, wanted.documents],
      ['seed', marker.seed, wanted.seed],
    ] as const
  ).filter(([, held, want]) => held !== want);
  if (differences.length > 0) {
    throw new FileError(
      marker.file,
      0,
      `describes other data: ${differences.map(([field, held, want]) => `${field} ${held}, not ${want}`).join('; ')}; give the matching --dataset, --documents and --seed, or another --data-dir`,
    );
  }
  // The generator renames each file into place when it is complete: a missing one means it stopped.
  return { reuse: marker.complete };
}
