// Models written by the first release must keep loading and computing what they computed then:
// the ids and probabilities in test-fixtures/legacy-models/*.expected-outputs.json were produced
// by that release's @srnn/model from the same model.json and weights.bin.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import '@srnn/cell-lstm';
import { loadClassifier } from '@srnn/model';

const fixtures = resolve(__dirname, '../../../test-fixtures/legacy-models');

interface ExpectedOutputs {
  texts: string[];
  ids: number[][];
  probabilities: number[][];
}

describe.each(['srnn-gru', 'srnn-lstm'])('legacy model %s', (name) => {
  const expected = JSON.parse(
    readFileSync(join(fixtures, `${name}.expected-outputs.json`), 'utf8'),
  ) as ExpectedOutputs;

  it('agrees with what the release printed (the captured predictions)', () => {
    const printed = readFileSync(join(fixtures, `${name}.expected-predictions.jsonl`), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { probabilities: Record<string, number> });
    printed.forEach((row, i) =>
      Object.values(row.probabilities).forEach((p, c) =>
        expect(Math.abs(p - expected.probabilities[i]![c]!)).toBeLessThan(1e-6),
      ),
    );
  });

  it('loads and gives the release outputs on the same ids', async () => {
    const { model, description } = await loadClassifier(join(fixtures, name));
    expect(description?.architecture).toBe('srnn');
    const ids = tf.tensor2d(expected.ids, undefined, 'int32');
    const probabilities = model.predict(ids) as tf.Tensor;
    // The same operations on the same backend as the release: the same floats, exactly.
    expect(probabilities.arraySync()).toEqual(expected.probabilities);
    tf.dispose([ids, probabilities]);
    model.dispose();
  });
});
