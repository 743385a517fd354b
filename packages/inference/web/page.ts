// The exported web page: loads the bundle next to it (checked with WebCrypto hashes), runs the
// model on the TensorFlow.js wasm backend and shows the label and probabilities of the typed text.
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { loadClassifierFromUrl, type Prediction, type TextClassifier } from '../src/index';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

function render(text: string, prediction: Prediction, classifier: TextClassifier): void {
  const result = $('result');
  // Full-precision values for programs reading the page (the table shows rounded ones).
  result.dataset['text'] = text;
  result.dataset['prediction'] = JSON.stringify(prediction);
  $('label').textContent = prediction.label;
  const rows = Object.entries(prediction.probabilities).map(([label, p]) => {
    const tr = document.createElement('tr');
    const name = document.createElement('td');
    name.textContent = label;
    const bar = document.createElement('td');
    const fill = document.createElement('div');
    fill.className = 'bar';
    fill.style.width = `${(p * 100).toFixed(1)}%`;
    bar.append(fill);
    const value = document.createElement('td');
    value.textContent = p.toFixed(4);
    tr.append(name, bar, value);
    return tr;
  });
  $('probabilities').replaceChildren(...rows);
  $('warning').textContent =
    prediction.knownTokens === 0
      ? "No known words: the answer is the model's prior, not a reading of the text."
      : '';
  $('attention').textContent = classifier.hasAttention
    ? 'This model has an attention level, but this page cannot show it yet.'
    : 'This model has no attention level, so there are no attended words to show.';
  result.hidden = false;
}

async function start(): Promise<void> {
  const status = $('status');
  try {
    setWasmPaths(new URL('wasm/', document.baseURI).href);
    await tf.setBackend('wasm');
    await tf.ready();
    const classifier = await loadClassifierFromUrl('model/');
    // For scripts driving the page (the bench times classify here beside Node).
    (globalThis as { srnnClassifier?: TextClassifier }).srnnClassifier = classifier;
    $('labels').textContent = classifier.labels.join(', ');
    const form = $<HTMLFormElement>('form');
    const input = $<HTMLTextAreaElement>('text');
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const text = input.value;
      void classifier
        .classify([text])
        .then(([prediction]) => render(text, prediction!, classifier));
    });
    $<HTMLButtonElement>('classify').disabled = false;
    status.textContent = `Ready (TensorFlow.js ${tf.getBackend()} backend; model checked against its SHA-256 hashes).`;
    status.dataset['state'] = 'ready';
  } catch (error) {
    status.textContent = `Could not load the model: ${error instanceof Error ? error.message : String(error)}`;
    status.dataset['state'] = 'error';
  }
}

void start();
