import type { IncidentDossier } from '../incidents/incident-dossier.js';
import { formatDuration, formatUtc } from '../web/format-time.js';
import type { IncidentEntry } from '../web/incident-entry.js';

/** How many affected targets `incident show` lists before it says how many more there are. */
const TARGETS_SHOWN = 20;

/** `frontdoor incident list`: one incident a line, newest first, columns aligned; the title last and whole. */
export function renderIncidentListText(incidents: readonly IncidentEntry[]): string {
  if (incidents.length === 0) return 'no incidents\n';
  const rows = incidents.map((incident) => [
    incident.id,
    incident.status,
    formatUtc(incident.openedAt),
    incident.policy,
    incident.layer,
    incident.title,
  ]);
  const header = ['ID', 'STATUS', 'OPENED', 'POLICY', 'LAYER', 'TITLE'];
  const widths = header.map((name, column) =>
    Math.max(name.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
      .join('  ');
  return `${[header, ...rows].map(line).join('\n')}\n`;
}

/** `frontdoor incident show ID`: what a person needs first; `--markdown` gives the whole write-up. */
export function renderIncidentDossierText(dossier: IncidentDossier): string {
  const end = dossier.resolvedAt ?? undefined;
  const lasted =
    end === undefined
      ? 'ongoing'
      : `${formatDuration(Date.parse(end) - Date.parse(dossier.firstFailureAt))}, resolved ${formatUtc(end)}`;
  const lines = [
    `${dossier.id}  ${dossier.status}  policy ${dossier.policy}`,
    dossier.title,
    '',
    `cause          ${dossier.cause.code} (${dossier.cause.key})`,
    `layer          ${dossier.layer}${dossier.verdicts.length === 0 ? '' : ` (${dossier.verdicts.join(', ')})`}`,
    `summary        ${dossier.summary}`,
    `first failure  ${formatUtc(dossier.firstFailureAt)}; opened ${formatUtc(dossier.openedAt)}; ${lasted}`,
    `requests       ${dossier.requests.failed} of ${dossier.requests.total} failed`,
    `targets        ${dossier.targets.length}`,
    ...dossier.targets
      .slice(0, TARGETS_SHOWN)
      .map(
        (target) =>
          `  ${target.name}  ${target.verdicts.join(', ') || 'no failing round kept'}${target.recoveredAt === null ? '' : `, recovered ${formatUtc(target.recoveredAt)}`}`,
      ),
    ...(dossier.targets.length > TARGETS_SHOWN
      ? [`  ... and ${dossier.targets.length - TARGETS_SHOWN} more (--json lists them all)`]
      : []),
  ];
  const evidence = dossier.evidence;
  if (evidence !== null) {
    lines.push(
      `evidence       ${evidence.target} at ${formatUtc(evidence.at)}: ${evidence.verdict}: ${evidence.summary}`,
      ...evidence.evidence.map((item) => `  ${item}`),
    );
  }
  lines.push('', `the drafted write-up: frontdoor incident show ${dossier.id} --markdown`);
  return `${lines.join('\n')}\n`;
}
