import type { PostJson } from '../agent/post-json.js';
import type { DeployMark } from '../incidents/deploy-mark.js';

/** The watch is told within this, or not at all: a CI job must never hang on the report. */
export const REPORT_TIMEOUT_MS = 10_000;

/**
 * Posts the deploy mark to the watch and says on stderr how it went. Never throws and never changes the
 * gate's verdict: a watch that is down or refuses the mark is a warning, the deploy's result stands.
 */
export async function reportDeployMark(
  mark: DeployMark,
  target: { url: URL; token: string },
  post: PostJson,
  stderr: { write(chunk: string): unknown },
): Promise<void> {
  const where = target.url.origin;
  const outcome = await post(target.url, JSON.stringify(mark), {
    token: target.token,
    timeoutMs: REPORT_TIMEOUT_MS,
  });
  if (!outcome.ok) {
    stderr.write(
      `frontdoor verify: warning: could not report the deploy to ${where}: ${outcome.code} (${outcome.detail}); the gate's verdict stands\n`,
    );
    return;
  }
  if (outcome.status >= 200 && outcome.status < 300) {
    stderr.write(`frontdoor verify: deploy mark reported to ${where} (${outcome.status})\n`);
    return;
  }
  const answer = outcome.body.replace(/\s+/g, ' ').trim().slice(0, 200);
  stderr.write(
    `frontdoor verify: warning: ${where} refused the deploy mark with ${outcome.status}${answer === '' ? '' : `: ${answer}`}; the gate's verdict stands\n`,
  );
}
