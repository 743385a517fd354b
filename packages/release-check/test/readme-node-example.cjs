// The root README's "library in Node" example, as a user runs it after
// `npm install @srnn/model @tensorflow/tfjs` (the install test runs this very file).
const tf = require('@tensorflow/tfjs');
const { buildClassifier } = require('@srnn/model');

async function main() {
  // SRNN(2,2): 4 minimal subsequences of 2 tokens each at maxLength 8.
  const model = buildClassifier({
    vocabularySize: 20,
    embeddingDim: 4,
    units: 4,
    classes: 2,
    maxLength: 8,
    slicing: 'SRNN(2,2)',
    seed: 1,
  });
  model.compile({ optimizer: tf.train.adam(0.05), loss: 'categoricalCrossentropy' });

  // 32 sequences of 8 token ids; class 1 when the first token is odd.
  const rows = Array.from({ length: 32 }, (_, r) =>
    Array.from({ length: 8 }, (_, t) => (r * 7 + t * 3) % 20),
  );
  const ids = tf.tensor2d(rows, undefined, 'int32');
  const labels = tf.oneHot(
    tf.tensor1d(
      rows.map((row) => row[0] % 2),
      'int32',
    ),
    2,
  );
  await model.fit(ids, labels, { epochs: 5, batchSize: 8, verbose: 0 });

  // Under Node, file:// saves to and loads from a directory (model.json + weights.bin).
  await model.save('file://./my-srnn-model');
  const loaded = await tf.loadLayersModel('file://./my-srnn-model/model.json');
  loaded.predict(ids.slice([0, 0], [2, 8])).print(); // class probabilities of the first two rows
}

main();
