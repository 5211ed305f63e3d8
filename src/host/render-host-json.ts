import type { HostReport } from './host-report.js';
import { formatSocket } from './listening-socket.js';

/**
 * `frontdoor host --json`: `ok` and `results` (one per listener plus the configuration, each with
 * verdict, layer, summary, evidence as in `check --json`), then the details of every section.
 */
export function renderHostJson(report: HostReport): string {
  const drift = report.drift.checked ? report.drift : undefined;
  const results = [
    ...report.listeners.map((l) => ({
      target: `listener ${l.key}`,
      verdict: l.verdict,
      layer: l.layer,
      summary: l.summary,
      evidence: l.evidence,
    })),
    ...(drift === undefined
      ? []
      : [
          {
            target: `configuration ${drift.report.mainPath}`,
            verdict: drift.report.verdict,
            layer: drift.report.verdict === 'ok' ? '-' : 'host',
            summary: drift.report.summary,
            evidence: [...drift.report.changed, ...drift.report.added, ...drift.report.removed],
          },
        ]),
  ];
  const body = {
    ok: report.ok,
    checkedAt: report.checkedAt.toISOString(),
    results,
    listeners: report.listeners,
    inventory: report.inventory.map((l) => ({
      socket: formatSocket(l.socket),
      inode: l.socket.inode,
      processes: l.processes,
    })),
    unreadablePids: report.unreadablePids,
    services: report.services,
    drift: report.drift.checked
      ? { checked: true, ...report.drift.report, nginxTest: report.drift.nginxTest }
      : report.drift,
    changes: {
      since: report.changes.since.toISOString(),
      changes: report.changes.changes.map((c) => ({ ...c, time: c.time.toISOString() })),
      files: report.changes.files,
      unreadable: report.changes.unreadable,
      unattendedUpgrades: report.changes.unattended,
    },
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}
