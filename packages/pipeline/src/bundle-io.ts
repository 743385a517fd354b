// A trained classifier to and from a bundle (@srnn/bundle): the model's artifacts are captured in
// memory and written with the tokenizer, labels and configuration as one atomic bundle; loading
// checks the whole bundle before TensorFlow.js sees a byte of it.
import * as tf from '@tensorflow/tfjs';
import { type BundleContents, type BundleInput } from '@srnn/bundle';
import { readBundleDirectory, writeBundle, type WriteStep } from '@srnn/bundle/node';
import { listCells } from '@srnn/model';
import { PipelineConfigError } from './errors';

/** What @srnn/pipeline records as the bundle's writer. */
export const CREATED_BY = '@srnn/pipeline 0.1.0';

/** model.json (with srnn metadata: tokenizer file, labels, extra) and the weights, in memory. */
export async function captureModel(
  model: tf.LayersModel,
  metadata: { tokenizer: string; labels: string[]; extra: Record<string, unknown> },
): Promise<{ model: Record<string, unknown>; weights: Uint8Array }> {
  const previous = model.getUserDefinedMetadata() as { srnn?: Record<string, unknown> } | undefined;
  let captured: tf.io.ModelArtifacts | undefined;
  model.setUserDefinedMetadata({
    ...(previous ?? {}),
    srnn: { ...(previous?.srnn ?? {}), ...metadata },
  });
  try {
    await model.save(
      tf.io.withSaveHandler(async (artifacts) => {
        captured = artifacts;
        return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
      }),
    );
  } finally {
    if (previous !== undefined) model.setUserDefinedMetadata(previous);
  }
  const a = captured!;
  const json: Record<string, unknown> = {
    modelTopology: a.modelTopology,
    format: a.format,
    generatedBy: a.generatedBy,
    convertedBy: a.convertedBy,
    weightsManifest: [{ paths: ['weights.bin'], weights: a.weightSpecs ?? [] }],
    userDefinedMetadata: JSON.parse(JSON.stringify(a.userDefinedMetadata ?? {})),
  };
  const weights = new Uint8Array(
    tf.io.CompositeArrayBuffer.join(a.weightData ?? new ArrayBuffer(0)),
  );
  return { model: json, weights };
}

/** Writes a bundle into `dir` (atomic as a whole; see @srnn/bundle's writeBundle). */
export function saveBundle(
  dir: string,
  input: BundleInput,
  onStep?: (step: WriteStep) => void | Promise<void>,
): Promise<unknown> {
  return writeBundle(dir, input, onStep ? { onStep } : {});
}

/** How a loader imports a cell package the model needs (from the user's project, never `dir`). */
export type CellPackageLoader = (packageName: string) => Promise<unknown>;

/**
 * Reads and checks the bundle in `dir`, then builds the TensorFlow.js model from the checked bytes.
 * The cells it needs must be registered by installed packages: nothing is loaded from `dir`. A cell
 * not registered yet is imported with `loadCellPackage` when given (which resolves the package in
 * the user's project); otherwise, or when that fails, the error says which package to install.
 */
export async function loadBundleModel(
  dir: string,
  loadCellPackage?: CellPackageLoader,
): Promise<{ contents: BundleContents; model: tf.LayersModel }> {
  const contents = await readBundleDirectory(dir);
  const problems: string[] = [];
  for (const cell of contents.cells) {
    if (listCells().includes(cell.name) || loadCellPackage === undefined) continue;
    try {
      await loadCellPackage(cell.package);
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  const missing = contents.cells.filter((c) => !listCells().includes(c.name));
  if (missing.length > 0) {
    throw new PipelineConfigError(
      `${dir}: the model needs the cell${missing.length > 1 ? 's' : ''} ${missing.map((c) => `'${c.name}' (npm package ${c.package})`).join(', ')}: install ${missing.length > 1 ? 'them' : 'it'} in your project (cells are never loaded from the model directory)${problems.length > 0 ? `; ${problems.join('; ')}` : ''}`,
    );
  }
  const weights = contents.weights.slice().buffer;
  const model = await tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: contents.model['modelTopology'] as object,
      weightSpecs: contents.weightSpecs,
      weightData: weights,
      userDefinedMetadata: contents.model['userDefinedMetadata'] as Record<string, unknown>,
    }),
  );
  return { contents, model };
}
