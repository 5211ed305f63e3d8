import { unique } from '../diagnose/findings/group-by.js';
import type { Layer, Verdict } from '../diagnose/verdict.js';
import type { DossierTarget, IncidentDossier } from '../incidents/incident-dossier.js';
import { buildIncidentTimeline } from '../incidents/incident-timeline.js';
import { formatDuration, formatUtc } from '../web/format-time.js';
import { LAYER_MEANING, VISITOR_VIEW } from './visitor-view.js';

export interface WriteupOptions {
  /** the end of an ongoing incident's duration */
  nowMs: number;
  /** frontdoor's version, named in the draft's note */
  version: string;
}

/** Targets a section lists by name before it says "and N more". */
const LIST_LIMIT = 10;

/**
 * The incident's write-up, drafted in Markdown in the shape of the write-ups in ../shared/incidents: a
 * summary (what visitors saw, the layer, detection, duration, impact), then each of those told in full,
 * what changed before it, the evidence, the affected targets and a timeline, and the parts only a person
 * can write left as headings. Pure: the same dossier gives the same text.
 * @example renderIncidentWriteup(dossier, { nowMs: Date.now(), version: '0.1.0' })
 */
export function renderIncidentWriteup(dossier: IncidentDossier, options: WriteupOptions): string {
  const firstMs = Date.parse(dossier.firstFailureAt);
  const endMs = dossier.resolvedAt === null ? options.nowMs : Date.parse(dossier.resolvedAt);
  const failingTargets = dossier.targets.filter((target) => target.firstFailureAt !== null);
  const hostnames = unique(dossier.targets.map((target) => target.hostname).filter((name) => name !== ''));
  const { total, failed } = dossier.requests;
  const share = total === 0 ? '' : ` (${((failed / total) * 100).toFixed(failed === total ? 0 : 1)}%)`;
  const duration =
    dossier.resolvedAt === null
      ? `ongoing: ${formatDuration(endMs - firstMs)} so far, since ${formatUtc(dossier.firstFailureAt)}`
      : `${formatDuration(endMs - firstMs)}, from ${formatUtc(dossier.firstFailureAt)} to ${formatUtc(dossier.resolvedAt)}`;

  const lines: string[] = [
    `# ${oneLine(dossier.title)}`,
    '',
    `> Drafted by frontdoor ${options.version} from what the watch recorded. Check the cause on the hosts and fill in the last section before sharing.`,
    '',
    `Incident \`${dossier.id}\` · policy ${dossier.policy} · ${dossier.status === 'open' ? '**open**' : 'resolved'}`,
    '',
    '## Summary',
    '',
    `- **What visitors saw:** ${capitalise(
      visitorVerdicts(dossier)
        .map((verdict) => VISITOR_VIEW[verdict])
        .join('; ') || 'failures',
    )}.`,
    `- **Which layer failed:** ${layerWords(dossier)}.`,
    `- **Where:** ${dossier.origins.length === 0 ? 'through the edge' : `origin${dossier.origins.length === 1 ? '' : 's'} ${dossier.origins.join(', ')}`}; ${plural(hostnames.length, 'hostname')}${dossier.sites.length === 0 ? '' : ` of ${plural(dossier.sites.length, 'site')}`}${dossier.environments.length === 0 ? '' : ` in ${dossier.environments.join(', ')}`}.`,
    `- **Detection:** first failure at ${formatUtc(dossier.firstFailureAt)}; confirmed and opened at ${formatUtc(dossier.openedAt)}, ${formatDuration(Date.parse(dossier.openedAt) - firstMs)} later${describeFirstNotice(dossier)}.`,
    `- **Duration:** ${duration}.`,
    `- **Impact:** ${plural(failingTargets.length, 'target')} failed (${plural(hostnames.length, 'hostname')}${dossier.origins.length === 0 ? '' : ` on ${plural(dossier.origins.length, 'origin')}`}); ${failed} of ${plural(total, 'probe request')} failed${share}.`,
    '',
    '## What visitors saw',
    '',
    ...renderVisitorSection(dossier),
    '',
    '## Which layer failed and why',
    '',
    `${oneLine(dossier.cause.summary)}`,
    '',
    `${describeLayers(dossier.layer)}${dossier.cause.previousKeys.length === 0 ? '' : ` The cause widened while it lasted: it began as \`${dossier.cause.previousKeys[0]}\` and became \`${dossier.cause.key}\`.`}${dossier.flapping ? ' It flapped: it opened and resolved repeatedly before it settled.' : ''}`,
    '',
    '## What changed before it',
    '',
    ...renderChanges(dossier),
    '',
    '## Evidence',
    '',
    ...renderEvidence(dossier),
    '',
    '## Affected targets',
    '',
    ...renderTargets(dossier),
    '',
    '## Timeline',
    '',
    'Times in UTC.',
    '',
    ...buildIncidentTimeline(dossier).map(
      (entry) => `- **${formatUtc(entry.at).replace(' UTC', '')}** ${oneLine(entry.text)}`,
    ),
    ...(dossier.resolvedAt === null
      ? [
          `- **${formatUtc(new Date(options.nowMs).toISOString()).replace(' UTC', '')}** still open when this draft was written`,
        ]
      : []),
    '',
    '## Root cause, resolution and prevention',
    '',
    '_To be written by the people who fixed it: what was found on the host, what was done, and what keeps it from happening again._',
    '',
  ];
  return lines.join('\n');
}

/** How people first heard of it; a policy without channels notified nobody, and says so. */
function describeFirstNotice(dossier: IncidentDossier): string {
  const first = dossier.notifications[0];
  if (first === undefined) return '; nobody was notified';
  if (first.channels.length === 0)
    return `; no notification channel is configured for policy ${dossier.policy}, so nobody was notified`;
  return `; first notification at ${formatUtc(first.at)} to ${first.channels.join(', ')}`;
}

/** Verdicts as visitors met them: through the edge first (what the public saw), then on the origins. */
function visitorVerdicts(dossier: IncidentDossier): Verdict[] {
  const ordered = [...dossier.targets].sort((a, b) => Number(b.via === 'edge') - Number(a.via === 'edge'));
  const verdicts = unique(ordered.flatMap((target) => target.verdicts.slice(-1)));
  return verdicts.length > 0 ? verdicts : dossier.verdicts;
}

function renderVisitorSection(dossier: IncidentDossier): string[] {
  const byVerdict = new Map<Verdict, DossierTarget[]>();
  for (const target of dossier.targets) {
    for (const verdict of target.verdicts.slice(-1)) {
      byVerdict.set(verdict, [...(byVerdict.get(verdict) ?? []), target]);
    }
  }
  if (byVerdict.size === 0)
    return ['No failing round of its targets is recorded any more (history past retention).'];
  const lines: string[] = [];
  for (const [verdict, targets] of byVerdict) {
    const paths = unique(
      targets.map((target) => (target.via === 'edge' ? 'through the edge' : `on ${target.via}`)),
    );
    const statuses = unique(
      targets.flatMap((target) => (target.status === null ? [] : [String(target.status)])),
    );
    lines.push(
      `- **${VISITOR_VIEW[verdict]}** (\`${verdict}\`, ${paths.join(', ')}${statuses.length === 0 ? ', no HTTP answer' : `, HTTP ${statuses.join(', ')}`}): ${listSome(targets.map((target) => `\`${target.name}\``))}.`,
    );
  }
  return lines;
}

function renderChanges(dossier: IncidentDossier): string[] {
  const [likeliest, ...others] = dossier.likelyCauses;
  const causes =
    likeliest === undefined
      ? []
      : [
          `**Likely cause**: ${oneLine(likeliest)}${others.length === 0 ? '' : ` (also possible: ${others.map(oneLine).join('; ')})`}`,
          '',
        ];
  const lines = dossier.changes.map(
    (change) =>
      `- ${formatUtc(change.at)}: ${change.kind === 'deploy' ? 'deploy' : 'host change'}${change.origin === undefined ? '' : ` on ${change.origin}`}: ${oneLine(change.summary)}`,
  );
  for (const window of dossier.maintenance) {
    lines.push(
      `- Maintenance window **${window.name}** from ${formatUtc(window.startsAt)} to ${formatUtc(window.endsAt)}${window.reason === undefined ? '' : ` (${oneLine(window.reason)})`}: notifications were held while it lasted.`,
    );
  }
  if (lines.length > 0) return [...causes, ...lines];
  const where = dossier.origins.length === 0 ? 'its origins' : dossier.origins.join(', ');
  return [
    `Nothing was recorded on ${where} in the 2 hours before ${formatUtc(dossier.firstFailureAt)}: no host agent event and no deploy mark reached the watch. Automatic updates are changes too (incident 000); \`frontdoor agent\` on the origins and \`frontdoor verify --report-to\` in deploys put them here.`,
  ];
}

function renderEvidence(dossier: IncidentDossier): string[] {
  const observation = dossier.evidence;
  if (observation === null) return ['No failing observation is recorded any more (history past retention).'];
  const timings = Object.entries(observation.timings)
    .map(([phase, ms]) => `${phase} ${Number(ms).toFixed(1)} ms`)
    .join(', ');
  const body = [observation.summary, ...observation.evidence].join('\n');
  const fence = '`'.repeat(Math.max(3, ...[...body.matchAll(/`+/g)].map((run) => run[0].length + 1)));
  return [
    `The last failing observation: \`${observation.target}\` at ${formatUtc(observation.at)}, **${observation.verdict}** (layer ${observation.layer})${observation.status === null ? ', no HTTP answer' : `, HTTP ${observation.status}`}; ${observation.url}${observation.connectTo === null ? '' : ` pinned to ${observation.connectTo}`}; ${timings}.`,
    '',
    `${fence}text`,
    body,
    fence,
  ];
}

/**
 * One row per group of targets that went the same way (path, verdicts, first failure, recovery): forty
 * hostnames refused on web1 at the same minute are one row, not forty.
 */
function renderTargets(dossier: IncidentDossier): string[] {
  const groups = new Map<string, DossierTarget[]>();
  for (const target of dossier.targets) {
    const key = [target.via, target.verdicts.join(','), target.firstFailureAt, target.recoveredAt].join('|');
    groups.set(key, [...(groups.get(key) ?? []), target]);
  }
  const rows = [...groups.values()].map((targets) => {
    const first = targets[0] as DossierTarget;
    const names =
      targets.length === 1
        ? cell(first.name)
        : `${targets.length} targets via ${cell(first.via)}: ${cell(
            listSome(
              targets.map((target) => target.hostname),
              5,
            ),
          )}`;
    const requests = targets.reduce((sum, target) => sum + target.requests, 0);
    const failed = targets.reduce((sum, target) => sum + target.failedRequests, 0);
    const recovered =
      first.recoveredAt === null
        ? dossier.status === 'open'
          ? 'still failing'
          : '-'
        : formatUtc(first.recoveredAt);
    return `| ${names} | ${cell(first.verdicts.join(', ') || '-')} | ${first.firstFailureAt === null ? '-' : formatUtc(first.firstFailureAt)} | ${recovered} | ${failed} of ${requests} |`;
  });
  return [
    '| targets | verdict | first failure | recovered | requests failed |',
    '|---|---|---|---|---|',
    ...rows,
  ];
}

function layerWords(dossier: IncidentDossier): string {
  const verdicts = dossier.verdicts.map((verdict) => `\`${verdict}\``).join(', ');
  return `${dossier.layer}${verdicts === '' ? '' : ` (${verdicts})`}, ${dossier.cause.code === 'target' ? 'one target' : dossier.cause.code.replaceAll('_', ' ')}`;
}

/** "The failing layer is **connect**: …." or, for several, each with its meaning, the notified one first. */
function describeLayers(layers: string): string {
  const names = layers.split(', ');
  const meaning = (layer: string) => LAYER_MEANING[layer as Layer] ?? layer;
  if (names.length === 1) return `The failing layer is **${layers}**: ${meaning(layers)}.`;
  const told = names.map((layer) => `**${layer}** (${meaning(layer)})`);
  return `The failing layers are ${told.slice(0, -1).join(', ')} and ${told.at(-1)}.`;
}

function listSome(names: readonly string[], limit = LIST_LIMIT): string {
  return names.length <= limit
    ? names.join(', ')
    : `${names.slice(0, limit).join(', ')} and ${names.length - limit} more`;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Text from a server or a configuration on one line, so it cannot start a Markdown block of its own. */
function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ');
}

function cell(text: string): string {
  return oneLine(text).replaceAll('|', '\\|');
}
