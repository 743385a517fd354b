import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { parseOptions } from '@srnn/errors';
import type { ClassifierDescription } from './classifier';
import { directoryHandler } from './directory-handler';

/** The project's metadata stored in model.json's `userDefinedMetadata.srnn`. */
export interface SavedModelMetadata {
  /** Path of the tokenizer's JSON file, relative to the model directory (or absolute). */
  tokenizer?: string;
  /** Class labels, index = class id, or the path of a label-map file. */
  labels?: string[] | string;
  /** Anything else worth keeping with the model (data set, run settings, ...); must be JSON. */
  extra?: Record<string, unknown>;
}

const savedMetadataSchema = z
  .object({
    tokenizer: z.string().min(1).optional(),
    labels: z
      .union([z.array(z.string()), z.string().min(1)], {
        error: 'expected a list of label strings, or the path of a label-map file',
      })
      .optional(),
    extra: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

/** What {@link loadClassifier} returns. */
export interface LoadedClassifier {
  model: tf.LayersModel;
  /** The model description {@link buildClassifier} recorded (architecture, plan, cells, ...), if any. */
  description?: ClassifierDescription;
  /** The metadata given to {@link saveClassifier}. */
  metadata: SavedModelMetadata;
}

/**
 * Saves `model` to `directory` as `model.json` + `weights.bin` (TensorFlow.js LayersModel format),
 * with the classifier description and `metadata` in `userDefinedMetadata.srnn`.
 */
export async function saveClassifier(
  model: tf.LayersModel,
  directory: string,
  metadata: SavedModelMetadata = {},
): Promise<tf.io.SaveResult> {
  const parsed = parseOptions(savedMetadataSchema, metadata, 'saveClassifier metadata');
  const previous = model.getUserDefinedMetadata() as { srnn?: Record<string, unknown> } | undefined;
  const srnn = { ...(previous?.srnn ?? {}), ...parsed };
  model.setUserDefinedMetadata({ ...(previous ?? {}), srnn: JSON.parse(JSON.stringify(srnn)) });
  try {
    return await model.save(directoryHandler(directory, 'saveClassifier'));
  } finally {
    // Leave the in-memory model as it was (the saved metadata lives in the file).
    if (previous !== undefined) model.setUserDefinedMetadata(previous);
  }
}

/**
 * Loads a model saved by {@link saveClassifier} (or any LayersModel directory whose custom layers
 * are registered: import the cell packages a model uses before loading it).
 */
export async function loadClassifier(directory: string): Promise<LoadedClassifier> {
  const model = await tf.loadLayersModel(directoryHandler(directory, 'loadClassifier'));
  const stored = (model.getUserDefinedMetadata() as { srnn?: Record<string, unknown> } | undefined)
    ?.srnn;
  const { tokenizer, labels, extra, ...description } = stored ?? {};
  let metadata: SavedModelMetadata;
  try {
    // Absent fields are left out, so that the message names only what is there and wrong.
    const given = Object.fromEntries(
      Object.entries({ tokenizer, labels, extra }).filter(([, value]) => value !== undefined),
    );
    metadata = parseOptions(
      savedMetadataSchema,
      given,
      `loadClassifier: ${directory.replace(/[\\/]+$/, '')}/model.json`,
      { root: 'userDefinedMetadata.srnn' },
    );
  } catch (error) {
    model.dispose();
    throw error;
  }
  const result: LoadedClassifier = { model, metadata };
  if (stored !== undefined && 'architecture' in description) {
    result.description = description as unknown as ClassifierDescription;
  }
  return result;
}
