import { cellConformanceChecks } from '@srnn/cells/testing';
import { gruCell } from '@srnn/cell-gru';

describe('GRU cell conformance', () => {
  for (const check of cellConformanceChecks(
    gruCell,
    gruCell.optionsSchema.parse({ units: 3, seed: 11 }),
  )) {
    it(check.name, check.run);
  }
  for (const check of cellConformanceChecks(gruCell, {
    units: 2,
    seed: 5,
    activation: 'tanh',
    recurrentActivation: 'hardSigmoid',
  })) {
    it(`(tanh, hardSigmoid) ${check.name}`, check.run);
  }
});
