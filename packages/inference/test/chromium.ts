// The browser tests' Chromium: absent outside CI, the tests are skipped with a message; under
// CI=true they must run (.ci/run installs Debian's chromium).
import { CHROMIUM, chromiumMissing as missingHere } from '../src/chromium';

export { launchChromium } from '../src/chromium';

/** Why the browser tests cannot run here, or undefined when they can. */
export function chromiumMissing(): string | undefined {
  const missing = missingHere();
  if (missing && process.env['CI'] === 'true')
    throw new Error(`${CHROMIUM} is missing under CI: .ci/run installs Debian's chromium first`);
  return missing;
}
