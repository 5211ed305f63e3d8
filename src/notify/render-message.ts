import type { IncidentNotification, NotificationKind } from '../incidents/incident.js';
import type { Outbound } from './outbound.js';

const KIND_LABEL: Record<NotificationKind, string> = {
  opened: 'OPEN',
  widened: 'WIDENED',
  reminder: 'STILL FAILING',
  flapping: 'FLAPPING',
  resolved: 'RESOLVED',
  merged: 'MERGED',
  cause: 'LIKELY CAUSE',
};

/** "[frontdoor] OPEN: front door of web1 down: connect_refused on 20 hostnames" */
export function renderSubject(message: Outbound): string {
  if (message.type === 'channel_failed') {
    return `[frontdoor] CHANNEL FAILED: ${message.channel} (${message.channelType}) has failed since ${message.since}`;
  }
  return `[frontdoor] ${KIND_LABEL[message.kind]}: ${message.incident.title}`;
}

export function kindLabel(notification: IncidentNotification): string {
  return KIND_LABEL[notification.kind];
}

/** "a, b, c and 17 more" */
export function listSome(names: readonly string[], limit: number): string {
  if (names.length <= limit) return names.join(', ');
  return `${names.slice(0, limit).join(', ')} and ${names.length - limit} more`;
}

/** "Failed deploy gates" and "Changes before it", one line each with its time and origin. */
export function renderChanges(incident: IncidentNotification['incident']): string[] {
  const line = (change: { at: string; origins: string[]; line: string }) =>
    `  ${change.at} ${change.origins.join(', ') || '-'}: ${change.line}`;
  const lines: string[] = [];
  if ((incident.failedGates ?? []).length > 0)
    lines.push('', 'Failed deploy gates (30 minutes before it):', ...(incident.failedGates ?? []).map(line));
  if ((incident.changes ?? []).length > 0)
    lines.push('', 'Changes before it (and since):', ...(incident.changes ?? []).map(line));
  return lines;
}

/** The plain-text message (mail body, Slack's fallback text): what a person needs at 3 a.m., top first. */
export function renderText(message: Outbound): string {
  if (message.type === 'channel_failed') {
    return [
      `The ${message.channelType} channel "${message.channel}" has failed since ${message.since}.`,
      `A notification (${message.deadLetter}) could not be delivered to it within 24 hours and was given up.`,
      `Last error: ${message.lastError}`,
      `Policy: ${message.policy}. Check the channel's configuration and the receiver; dead letters are listed by the API.`,
    ].join('\n');
  }
  const { incident } = message;
  const lines = [
    `${KIND_LABEL[message.kind]}: ${incident.title}`,
    message.detail,
    '',
    `Cause: ${incident.cause.code} (${incident.cause.key})${incident.cause.previousKeys.length > 0 ? `, widened from ${incident.cause.previousKeys.join(', ')}` : ''}`,
    `Layer: ${incident.layer}`,
    `Summary: ${incident.summary}`,
    ...(incident.likelyCause === undefined ? [] : [`Likely cause: ${incident.likelyCause}`]),
    `Since: ${incident.since}${incident.resolvedAt === undefined ? '' : `, resolved ${incident.resolvedAt}`}`,
    `Hostnames (${incident.hostnames.length}): ${listSome(incident.hostnames, 20)}`,
    `Origins: ${incident.origins.join(', ') || 'none (through the edge)'}`,
    `Seen from: ${incident.locations.join(', ')}`,
  ];
  if (incident.maintenance !== undefined) lines.push(`Maintenance: ${incident.maintenance}`);
  if (incident.evidence.length > 0)
    lines.push('', 'Evidence:', ...incident.evidence.map((line) => `  ${line}`));
  lines.push(...renderChanges(incident));
  lines.push(
    '',
    `Targets (${incident.targetCount}):`,
    ...incident.targets.map((target) => `  ${target.name}: ${target.verdict}`),
    ...(incident.targetCount > incident.targets.length
      ? [`  ... and ${incident.targetCount - incident.targets.length} more`]
      : []),
    '',
    `Incident ${incident.id}, policy ${message.policy}, severity ${message.severity}, key ${message.key}`,
  );
  return lines.join('\n');
}
