import type { CapturedIo } from '../../../src/cli/capture-io.test-helper.js';
import { captureIo as captureCommandIo } from '../../../src/cli/capture-io.test-helper.js';

/** A recording CommandIo for running `frontdoor host` in-process; it keeps PATH so nginx can be found. */
export function captureIo(cwd: string): CapturedIo {
  return captureCommandIo({ cwd, env: { PATH: process.env.PATH } });
}
