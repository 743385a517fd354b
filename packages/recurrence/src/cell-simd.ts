// A cell's stage functions as a wasm module of their own, instantiated on each memory they run on
// (the calling thread's heap, each worker's heap), built from the plan's function specs.
import { assembleModule, exportedFunction, instancePerMemory } from '@srnn/wasm-assembler';
import type { CellPlan, StagePlan } from './cell-plan';
import type { Rows } from './simd-runtime';

type Exported = (...args: number[]) => void;

/** A cell's stages bound to one memory. */
export class CellSimd {
  private readonly functions = new Map<string, Exported>();

  constructor(private readonly exports: Record<string, unknown>) {}

  /** Runs `stage` over `rows` × `cols` elements of its streams (rows given in role order). */
  run(stage: StagePlan, rows: number, cols: number, streams: readonly Rows[]): void {
    let fn = this.functions.get(stage.name);
    if (fn === undefined) {
      fn = exportedFunction<Exported>(this.exports, stage.name);
      this.functions.set(stage.name, fn);
    }
    const args = [rows, cols];
    for (const s of streams) args.push(s.at, s.stride);
    fn(...args);
  }
}

const byKey = new Map<string, (memory: unknown) => CellSimd | null>();

/** The cell's stage module on `memory`, or null without WebAssembly SIMD. */
export function cellSimdFor(plan: CellPlan, memory: unknown): CellSimd | null {
  let on = byKey.get(plan.key);
  if (on === undefined) {
    on = instancePerMemory(
      (shared) => assembleModule({ sharedMemory: shared, functions: plan.functions }),
      (exports) => new CellSimd(exports),
    );
    byKey.set(plan.key, on);
  }
  return on(memory);
}
