// Checks of model.json and weights.bin against each other and against what the bundle records.

/** One weight tensor as model.json's weightsManifest describes it. */
export interface WeightSpec {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32' | 'bool';
  /**
   * TensorFlow.js weight quantisation of a float32 weight (smaller files for the web): stored as
   * float16, or as uint8 decoded as `q * scale + min`.
   */
  quantization?: { dtype: 'float16' } | { dtype: 'uint8'; min: number; scale: number };
}

const DTYPE_BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1 };
const QUANTIZED_BYTES: Record<string, number> = { float16: 2, uint8: 1 };

/** Bytes of one stored element of `spec`. */
const elementBytes = (spec: WeightSpec) =>
  spec.quantization ? QUANTIZED_BYTES[spec.quantization.dtype]! : DTYPE_BYTES[spec.dtype]!;

/** The quantisation of a weightsManifest entry, or a problem (undefined: none). */
function quantizationOf(w: Json): WeightSpec['quantization'] | string | undefined {
  const q = w['quantization'];
  if (q === undefined) return undefined;
  const finite = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
  if (w['dtype'] === 'float32' && isObject(q)) {
    if (q['dtype'] === 'float16') return { dtype: 'float16' };
    if (
      q['dtype'] === 'uint8' &&
      finite(q['min']) &&
      finite(q['scale']) &&
      (q['scale'] as number) >= 0
    )
      return { dtype: 'uint8', min: q['min'] as number, scale: q['scale'] as number };
  }
  return `weight ${String(w['name'])}: quantization ${JSON.stringify(q).slice(0, 80)} is not {dtype: 'float16'} or {dtype: 'uint8', min, scale} (finite, scale >= 0) of a float32 weight`;
}

/** A check that fails with a problem (the caller names the file). */
export type Problem = string | undefined;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The weight specs and the weight file names model.json lists, or the problem. */
export function weightSpecsOf(model: Json): { specs: WeightSpec[]; paths: string[] } | string {
  if (!isObject(model['modelTopology']))
    return 'not a TensorFlow.js LayersModel model.json (modelTopology missing or not an object)';
  const manifest = model['weightsManifest'];
  if (!Array.isArray(manifest) || manifest.length === 0)
    return 'weightsManifest must be a non-empty list of {paths, weights}';
  const specs: WeightSpec[] = [];
  const paths: string[] = [];
  for (const group of manifest) {
    if (!isObject(group) || !Array.isArray(group['paths']) || !Array.isArray(group['weights']))
      return 'every weightsManifest entry needs paths and weights lists';
    for (const path of group['paths']) paths.push(String(path));
    for (const w of group['weights']) {
      if (
        !isObject(w) ||
        typeof w['name'] !== 'string' ||
        !Array.isArray(w['shape']) ||
        !w['shape'].every((d) => Number.isInteger(d) && (d as number) >= 0) ||
        typeof w['dtype'] !== 'string' ||
        !(w['dtype'] in DTYPE_BYTES)
      ) {
        return `weightsManifest entry ${JSON.stringify(w).slice(0, 120)} is not a plain float32/int32/bool weight {name, shape, dtype}`;
      }
      const quantization = quantizationOf(w);
      if (typeof quantization === 'string') return quantization;
      specs.push({
        name: w['name'],
        shape: w['shape'] as number[],
        dtype: w['dtype'] as WeightSpec['dtype'],
        ...(quantization ? { quantization } : {}),
      });
    }
  }
  return { specs, paths };
}

/** Bytes the specs need, in order. */
export function weightBytes(specs: readonly WeightSpec[]): number {
  return specs.reduce((sum, s) => sum + s.shape.reduce((a, b) => a * b, 1) * elementBytes(s), 0);
}

/** Whether `weights` holds exactly what the specs need, with every float32 finite. */
export function checkWeights(specs: readonly WeightSpec[], weights: Uint8Array): Problem {
  const needed = weightBytes(specs);
  if (weights.byteLength !== needed) {
    return `holds ${weights.byteLength} bytes but model.json's ${specs.length} weights need ${needed} (${
      weights.byteLength < needed ? 'truncated' : 'padded'
    })`;
  }
  let offset = 0;
  for (const spec of specs) {
    const count = spec.shape.reduce((a, b) => a * b, 1);
    const bytes = count * elementBytes(spec);
    if (spec.quantization?.dtype === 'float16') {
      const view = new DataView(weights.buffer, weights.byteOffset + offset, bytes);
      for (let i = 0; i < count; i++) {
        // All exponent bits set: infinity or NaN.
        if ((view.getUint16(i * 2, true) & 0x7c00) === 0x7c00)
          return `weight ${spec.name} holds a float16 infinity or NaN at element ${i}: the model cannot be used`;
      }
    } else if (spec.dtype === 'float32' && !spec.quantization) {
      const view = new DataView(weights.buffer, weights.byteOffset + offset, bytes);
      for (let i = 0; i < count; i++) {
        const v = view.getFloat32(i * 4, true);
        if (!Number.isFinite(v)) {
          return `weight ${spec.name} holds ${v} (${Number.isNaN(v) ? 'NaN' : 'infinite'}) at element ${i}: the model cannot be used`;
        }
      }
    }
    offset += bytes;
  }
  return undefined;
}

/** Layers of a LayersModel topology (functional or sequential). */
function layersOf(topology: Json): Json[] {
  const config = topology['config'];
  if (isObject(config) && Array.isArray(config['layers'])) return config['layers'].filter(isObject);
  if (Array.isArray(config)) return config.filter(isObject);
  return [];
}

/** What model.json says about the sizes the other files must agree on. */
export interface ModelFacts {
  maxLength?: number;
  vocabularySize?: number;
  classes?: number;
  labels?: unknown;
  cells: string[];
}

/** Reads the facts from model.json's topology and its userDefinedMetadata.srnn. */
export function modelFacts(model: Json): ModelFacts {
  const facts: ModelFacts = { cells: [] };
  const layers = layersOf(model['modelTopology'] as Json);
  for (const layer of layers) {
    const config = isObject(layer['config']) ? layer['config'] : {};
    const shape = config['batch_input_shape'];
    if (
      layer['class_name'] === 'InputLayer' &&
      Array.isArray(shape) &&
      typeof shape[1] === 'number'
    )
      facts.maxLength = shape[1];
    if (typeof config['input_dim'] === 'number' && facts.vocabularySize === undefined)
      facts.vocabularySize = config['input_dim'];
    if (layer['class_name'] === 'Dense' && typeof config['units'] === 'number')
      facts.classes = config['units'];
  }
  const meta = isObject(model['userDefinedMetadata'])
    ? model['userDefinedMetadata']['srnn']
    : undefined;
  if (isObject(meta)) {
    facts.labels = meta['labels'];
    if (Array.isArray(meta['cells'])) {
      for (const c of meta['cells'])
        if (isObject(c) && typeof c['cell'] === 'string') facts.cells.push(c['cell']);
    }
  }
  return facts;
}

/** Problems between model.json's facts and the bundle's recorded facts. */
export function compareFacts(
  facts: ModelFacts,
  agree: { vocabularySize: number; maxLength: number; labels: readonly string[] },
): Problem {
  if (facts.maxLength !== undefined && facts.maxLength !== agree.maxLength)
    return `the model reads ${facts.maxLength} tokens per row but the bundle records maxLength ${agree.maxLength}`;
  if (facts.vocabularySize !== undefined && facts.vocabularySize !== agree.vocabularySize)
    return `the model's embedding has ${facts.vocabularySize} rows but the bundle records vocabularySize ${agree.vocabularySize}`;
  if (facts.classes !== undefined && facts.classes !== agree.labels.length)
    return `the model has ${facts.classes} classes but the bundle records ${agree.labels.length} labels`;
  if (facts.labels !== undefined && JSON.stringify(facts.labels) !== JSON.stringify(agree.labels))
    return `userDefinedMetadata.srnn.labels ${JSON.stringify(facts.labels).slice(0, 200)} differ from the bundle's labels ${JSON.stringify(agree.labels).slice(0, 200)}`;
  return undefined;
}
