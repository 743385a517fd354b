import { cellConformanceChecks } from '@srnn/cells/testing';
import { lstmCell } from '@srnn/cell-lstm';

describe('LSTM cell conformance', () => {
  for (const check of cellConformanceChecks(
    lstmCell,
    lstmCell.optionsSchema.parse({ units: 3, seed: 4 }),
  )) {
    it(check.name, check.run);
  }
});
