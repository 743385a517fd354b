/** Table 2 runs made by hand for report and summary tests: figures chosen to work out on paper. */
import type { CompletedTraining, EpochRecord } from '@srnn/eval';
import type { Table2DatasetResult, Table2Run } from '../src/experiments/table2';
import { selectVariants, table2Lineup } from '../src/lineup';

function epoch(n: number, validationAccuracy: number, seconds: number): EpochRecord {
  return {
    epoch: n,
    loss: 0.5,
    trainAccuracy: 0.7,
    validationAccuracy,
    validationLoss: 0.5,
    validationMacroF1: 0.6,
    seconds,
    validationSeconds: 0.1,
    steps: 8,
    tokens: 100,
    positions: 640,
    tokensPerSecond: 100 / seconds,
    positionsPerSecond: 640 / seconds,
  };
}

/** One run: best validation `val`, test `test`, two epochs of `seconds` each. */
export function handRun(
  label: string,
  seed: number,
  val: number,
  test: number,
  seconds: number,
  dataset = 'uci-yelp',
): Table2Run {
  const [variant] = selectVariants(table2Lineup(64), [label], 64);
  const training = {
    status: 'completed',
    settings: { parameterCount: 1000 },
    backend: 'cpu',
    outputDir: '',
    history: [epoch(1, val, seconds), epoch(2, val, seconds)],
    bestEpoch: 1,
    bestValidationAccuracy: val,
    bestWeightsPath: '',
    test: { accuracy: test, macroF1: test, loss: 0.5 },
    stoppedEarly: false,
    resumed: false,
  } as unknown as CompletedTraining;
  return { dataset, variant: variant!, seed, training, secondsPerEpoch: seconds };
}

/** uci-yelp with GRU and SRNN(8,2)+attention, three seeds each, 44 records skipped. */
export function threeSeeds(): Table2DatasetResult {
  return {
    dataset: 'uci-yelp',
    documents: 956,
    classes: 2,
    maxLength: 64,
    meanTokens: 11.3,
    skipped: { emptyText: 44 },
    splitSizes: [766, 95, 95],
    runs: [
      handRun('GRU', 2018, 0.8, 0.7, 4, 'uci-yelp'),
      handRun('GRU', 2019, 0.9, 0.8, 4, 'uci-yelp'),
      handRun('GRU', 2020, 0.85, 0.9, 4, 'uci-yelp'),
      // Test 0.80, 0.90, 0.85: mean 0.85, sample sd sqrt((0.0025 + 0.0025 + 0) / 2) = 0.05.
      handRun('SRNN(8,2)+attention', 2018, 0.7, 0.8, 1, 'uci-yelp'),
      handRun('SRNN(8,2)+attention', 2019, 0.7, 0.9, 2, 'uci-yelp'),
      handRun('SRNN(8,2)+attention', 2020, 0.7, 0.85, 3, 'uci-yelp'),
    ],
    failures: [{ model: 'SRNN(8,2)+skip-padding', seed: 2019, message: 'weights hold NaN' }],
  };
}
