import { type Code, name, section, unsigned, type ValueType, vector } from './encoding';
import { op } from './instructions';

/** A function of the module, exported under its name. */
export interface FunctionSpec {
  name: string;
  params: readonly ValueType[];
  results?: readonly ValueType[];
  /** Locals after the parameters, in index order. */
  locals?: readonly ValueType[];
  /** The instructions, without the closing `end`. */
  body: Code;
}

export interface ModuleSpec {
  /**
   * Import `env.memory` as a shared memory (a threaded build's heap) rather than a plain one: an
   * import must match the kind of memory it is given, so each kind needs its own module.
   */
  sharedMemory?: boolean;
  functions: readonly FunctionSpec[];
}

/**
 * Hands out local indices after a function's parameters, to code that needs scratch locals as it
 * is generated; `types` is then the function's `locals`.
 */
export class Locals {
  readonly types: ValueType[] = [];

  constructor(private readonly paramCount: number) {}

  add(type: ValueType): number {
    this.types.push(type);
    return this.paramCount + this.types.length - 1;
  }
}

const HEADER = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];

/** Limits of the imported memory: minimum 0 pages, so that any memory matches. */
function memoryLimits(shared: boolean): Code {
  // A shared memory must declare a maximum; 65536 pages (all of wasm32's 4 GiB) admits any.
  return shared ? [0x03, 0x00, ...unsigned(65536)] : [0x00, 0x00];
}

/** Local declarations: runs of one type, as (count, type) pairs. */
function localDeclarations(locals: readonly ValueType[]): Code {
  const runs: [number, ValueType][] = [];
  for (const type of locals) {
    const last = runs[runs.length - 1];
    if (last !== undefined && last[1] === type) last[0] += 1;
    else runs.push([1, type]);
  }
  return vector(runs.map(([count, type]) => [...unsigned(count), type]));
}

/**
 * The bytes of a module that imports `env.memory` and defines and exports `functions`, in order
 * (function i is index i). Functions with the same signature share one type.
 */
export function assembleModule(spec: ModuleSpec): Uint8Array {
  const { functions } = spec;
  const names = new Set(functions.map((f) => f.name));
  if (names.size !== functions.length) throw new Error('two functions export the same name');
  const types: Code[] = [];
  const typeIndex = new Map<string, number>();
  const typeOf = functions.map((f) => {
    const results = f.results ?? [];
    const encoded = [0x60, ...vector(f.params.map((t) => [t])), ...vector(results.map((t) => [t]))];
    const key = encoded.join(',');
    let index = typeIndex.get(key);
    if (index === undefined) {
      index = types.length;
      types.push(encoded);
      typeIndex.set(key, index);
    }
    return index;
  });
  const memoryImport = [
    ...name('env'),
    ...name('memory'),
    0x02, // import kind: memory
    ...memoryLimits(spec.sharedMemory ?? false),
  ];
  const exports = functions.map((f, i) => [
    ...name(f.name),
    0x00, // export kind: function
    ...unsigned(i),
  ]);
  const code = functions.map((f) => {
    const content = [...localDeclarations(f.locals ?? []), ...f.body, ...op.end];
    return [...unsigned(content.length), ...content];
  });
  return Uint8Array.from([
    ...HEADER,
    ...section(1, vector(types)),
    ...section(2, vector([memoryImport])),
    ...section(3, vector(typeOf.map((index) => unsigned(index)))),
    ...section(7, vector(exports)),
    ...section(10, vector(code)),
  ]);
}
