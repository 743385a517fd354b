// The exported web page: loads the bundle next to it (checked with WebCrypto hashes), runs the
// model on the TensorFlow.js wasm backend and shows the label and probabilities of the typed text,
// and, when the model has attention, the top level's word spans shaded by their weight.
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import {
  loadClassifierFromUrl,
  type AttendedSpan,
  type Prediction,
  type TextClassifier,
} from '../src/index';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

/** The top level's spans over words, each shaded by its weight against the largest. */
function renderAttention(spans: readonly AttendedSpan[]): HTMLElement[] {
  const shown = spans.filter((span) => span.words !== '');
  const largest = Math.max(...shown.map((span) => span.weight), Number.MIN_VALUE);
  return shown.map((span) => {
    const mark = document.createElement('mark');
    mark.className = 'span';
    mark.textContent = span.words;
    // Exact values for programs reading the page; the shade and tooltip are for people.
    mark.dataset['weight'] = String(span.weight);
    mark.dataset['from'] = String(span.from);
    mark.dataset['to'] = String(span.to);
    mark.title = `weight ${span.weight.toFixed(4)}`;
    mark.style.backgroundColor = `rgba(255, 170, 0, ${(span.weight / largest).toFixed(3)})`;
    return mark;
  });
}

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
  const top = prediction.attention?.at(-1);
  if (!classifier.hasAttention) {
    $('attention').textContent =
      'This model has no attention level, so there are no attended words to show.';
    $('spans').replaceChildren();
  } else {
    $('attention').textContent =
      top && top.spans.some((span) => span.words !== '')
        ? 'Words the top level attended to (darker: more weight):'
        : 'No known words to attend to.';
    $('spans').replaceChildren(...renderAttention(top?.spans ?? []));
  }
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
        .classify([text], { explain: classifier.hasAttention })
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
