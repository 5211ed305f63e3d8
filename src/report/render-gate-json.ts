import type { GateReport } from '../gate/gate-report.js';
import { toJsonDocument } from './render-json.js';

/**
 * `frontdoor verify --json`: the check contract ({ ok, results, findings }) of the final check plus a
 * `gate` object (mode, rounds, reasons, deploy with per-target gaps). The top-level `ok` is the gate's,
 * so a failed deploy command fails the document even when every final verdict is ok.
 */
export function renderGateJson(report: GateReport): string {
  const { gate } = report;
  const document = {
    ...toJsonDocument(report.check),
    ok: gate.ok,
    gate: {
      mode: gate.mode,
      ok: gate.ok,
      reasons: [...gate.reasons],
      burst: gate.burst,
      rounds: gate.rounds,
      withinMs: gate.withinMs,
      settled: gate.settled,
      allowGapMs: gate.allowGapMs,
      interrupted: gate.interrupted,
      deploy:
        gate.deploy === undefined
          ? undefined
          : {
              command: [...gate.deploy.command],
              exitCode: gate.deploy.exitCode,
              signal: gate.deploy.signal,
              durationMs: Math.round(gate.deploy.durationMs),
              interrupted: gate.deploy.interrupted,
              perTarget: gate.deploy.perTarget.map((target) => ({
                id: target.id,
                target: target.target,
                sent: target.sent,
                failed: target.failed,
                longestGapMs: Math.round(target.longestGapMs),
                gapStartedAt: target.gapStartedAt,
                failedVerdicts: target.failedVerdicts.map((entry) => ({ ...entry })),
                failsGate: target.failsGate,
              })),
            },
    },
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
