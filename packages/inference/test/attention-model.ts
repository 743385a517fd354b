// A small model with attention at every level, trained here on the hand-written reviews: no model
// in the first-release fixtures has attention. 14 tokens under SRNN(4,1) (16): the plan pads the
// front by 2, so the span arithmetic meets the model's own front padding too.
import { prepareData, trainModel } from '@srnn/pipeline';
import { join } from 'node:path';

export const REVIEWS = join(__dirname, '..', '..', 'pipeline', 'test', 'fixtures', 'reviews.csv');

/** Trains the model into `out` (a new directory) and returns `out`. */
export async function trainAttentionModel(out: string): Promise<string> {
  const data = await prepareData(
    { kind: 'files', train: REVIEWS },
    { maxLength: 14, vocabulary: 60, seed: 4 },
  );
  const result = await trainModel({
    data,
    model: { architecture: 'srnn', spec: 'SRNN(4,1)', units: 8, embeddingDim: 8, attention: true },
    training: { epochs: 2, batchSize: 16, learningRate: 0.05, seed: 4 },
    outDir: out,
    progress: 'none',
    handleSignals: false,
  });
  if (result.status !== 'completed') throw new Error(`training stopped: ${result.status}`);
  return out;
}
