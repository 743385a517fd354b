/**
 * @srnn/inference/bench (Node only): documents per second of a model in the exported web page
 * (headless Chromium) beside Node. Needs puppeteer-core (an optional peer dependency) and a
 * Chromium; without one it says so instead of measuring.
 */
export {
  benchBrowserAndNode,
  type BrowserBenchOptions,
  type BrowserBenchReport,
  type BrowserBenchRow,
} from './browser-bench';
export { CHROMIUM, chromiumMissing, launchChromium } from './chromium';
export { serveDirectory } from './static-server';
