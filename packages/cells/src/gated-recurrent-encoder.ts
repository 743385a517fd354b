import * as tf from '@tensorflow/tfjs';
import type { EncodeOptions, SequenceEncoder, StateOutput } from './contract';
import { findFusedRecurrence, type RecurrenceRequest } from './fused-recurrence';
import { orthogonalMatrix } from './orthogonal';
import { projectRows } from './row-projection';

type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;

/** The three weight matrices of a gated cell, in Keras/tfjs-layers layout (gate blocks side by side). */
export interface GatedWeights {
  /** [features, gates * units] */
  kernel: tf.Tensor2D;
  /** [units, gates * units] */
  recurrentKernel: tf.Tensor2D;
  /** [gates * units] */
  bias: tf.Tensor1D;
}

/** What a gated cell tells {@link GatedRecurrentEncoder} about itself. */
export interface GatedCellShape {
  /** The registered cell name: the registry key of its fused kernels. */
  cell: string;
  /** Gate blocks in the kernels (GRU: 3, LSTM: 4). */
  gates: number;
}

/**
 * The layer plumbing every gated recurrent encoder shares (GRU: 3 gates, LSTM: 4): Keras's
 * initialisers (glorot uniform kernel, orthogonal recurrent kernel, zero bias) with seeds derived
 * from one seed, and the sequence driver of contract v2: the input projection of every step in one
 * product (each distinct token once when given token ids), the direction, every state or the
 * last, and the choice between a fused kernel registered for the cell
 * (`registerFusedRecurrence`) and the cell's own per-step path. A cell implements
 * {@link steps} (forwards, from a zero state) and {@link kernelSettings}; it may override
 * {@link initialBias}.
 */
export abstract class GatedRecurrentEncoder extends tf.layers.Layer implements SequenceEncoder {
  readonly units: number;
  readonly seed: number | undefined;
  /** The input projection reads the rows from the table when given one (see projectRows). */
  readonly readsRowsFromTable = true;
  private readonly shape: GatedCellShape;
  private kernel: tf.LayerVariable | null = null;
  private recurrentKernel: tf.LayerVariable | null = null;
  private bias: tf.LayerVariable | null = null;

  protected constructor(
    shape: GatedCellShape,
    options: { units: number; seed?: number | undefined; name?: string | undefined },
    layerArgs: Omit<LayerArgs, 'name'>,
  ) {
    super({ ...layerArgs, ...(options.name !== undefined ? { name: options.name } : {}) });
    this.shape = shape;
    this.units = options.units;
    this.seed = options.seed;
  }

  /**
   * The generic path: runs the cell forwards from a zero state over `projection`
   * `[sequences, steps, gates * units]` (x·W + b of every step) and returns the last state
   * `[sequences, units]` or, for `'every'`, every state `[sequences, steps, units]`.
   */
  protected abstract steps(
    projection: tf.Tensor3D,
    recurrentKernel: tf.Tensor2D,
    states: StateOutput,
  ): tf.Tensor;

  /** The settings a fused kernel may depend on (activation names, ...). */
  protected abstract kernelSettings(): Record<string, string | number | boolean>;

  /** The initial bias [gates * units]; zeros unless a cell says otherwise (e.g. LSTM's forget bias). */
  protected initialBias(): tf.Tensor1D | null {
    return null;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const features = shape[2];
    if (shape.length !== 3 || features == null) {
      throw new Error(
        `${this.name}: input must be [sequences, steps, features] with known features; got [${shape.join(', ')}]`,
      );
    }
    const width = this.shape.gates * this.units;
    // Distinct derived seeds per matrix, so one seed makes the whole encoder reproducible.
    const seedFor = (offset: number): number | undefined =>
      this.seed === undefined ? undefined : this.seed + offset;
    this.kernel = this.addWeight(
      'kernel',
      [features, width],
      'float32',
      tf.initializers.glorotUniform({ seed: seedFor(0) }),
    );
    this.recurrentKernel = this.addWeight(
      'recurrent_kernel',
      [this.units, width],
      'float32',
      tf.initializers.zeros(),
    );
    const orthogonal = orthogonalMatrix([this.units, width], seedFor(1));
    this.recurrentKernel.write(orthogonal);
    orthogonal.dispose();
    this.bias = this.addWeight('bias', [width], 'float32', tf.initializers.zeros());
    const bias = this.initialBias();
    if (bias !== null) {
      this.bias.write(bias);
      bias.dispose();
    }
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return [shape[0] ?? null, this.units];
  }

  private request(options: Pick<EncodeOptions, 'direction' | 'states'>): RecurrenceRequest {
    return {
      cell: this.shape.cell,
      settings: this.kernelSettings(),
      direction: options.direction ?? 'forward',
      states: options.states ?? 'last',
    };
  }

  fusedKernel(options: Pick<EncodeOptions, 'direction' | 'states'> = {}): string | undefined {
    return findFusedRecurrence(this.request(options))?.name;
  }

  encode(inputs: tf.Tensor3D, options: EncodeOptions = {}): tf.Tensor {
    if (this.kernel === null || this.recurrentKernel === null || this.bias === null) {
      throw new Error(`${this.name}: encode() before build()`);
    }
    const kernel = this.kernel.read() as tf.Tensor2D;
    const recurrentKernel = this.recurrentKernel.read() as tf.Tensor2D;
    const bias = this.bias.read() as tf.Tensor1D;
    const request = this.request(options);
    return tf.tidy(() => {
      const [sequences, steps] = inputs.shape;
      // One product for every step (each distinct token once when the token ids are given).
      const projection = tf.reshape(
        projectRows(inputs, kernel, bias, options.tokenIds, options.tokenTable),
        [sequences, steps, this.shape.gates * this.units],
      ) as tf.Tensor3D;
      const fused =
        (options.implementation ?? 'auto') === 'auto' ? findFusedRecurrence(request) : undefined;
      if (fused !== undefined) return fused.run(projection, recurrentKernel, request);
      if (request.direction === 'forward')
        return this.steps(projection, recurrentKernel, request.states);
      // Backwards is forwards over the reversed steps, with every state put back in input order.
      const result = this.steps(tf.reverse(projection, 1), recurrentKernel, request.states);
      return request.states === 'every' ? tf.reverse(result, 1) : result;
    });
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const [x, tokenIds] = Array.isArray(inputs) ? inputs : [inputs];
    return this.encode(x as tf.Tensor3D, tokenIds === undefined ? {} : { tokenIds });
  }

  override getConfig(): tf.serialization.ConfigDict {
    const config: tf.serialization.ConfigDict = { ...super.getConfig(), units: this.units };
    if (this.seed !== undefined) config['seed'] = this.seed;
    return config;
  }
}
