import { joinNames, unique } from '../diagnose/findings/group-by.js';
import { isPassingVerdict } from '../diagnose/passing.js';
import type { TargetTrack } from './engine-state.js';
import {
  type FailureFacts,
  type IncidentMessage,
  type IncidentRecord,
  MESSAGE_TARGET_LIMIT,
} from './incident.js';
import { messageChanges } from './message-changes.js';
import { countWindow } from './request-window.js';

const EVIDENCE_LIMIT = 12;

/** "a, b and 3 more" */
function listSome(names: readonly string[], limit = 3): string {
  if (names.length <= limit) return joinNames(names);
  return `${names.slice(0, limit).join(', ')} and ${names.length - limit} more`;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/**
 * The message for an incident as it stands: its current members while open, everyone it affected once
 * resolved. Titles name the cause the way an operator would say it on the phone. A resolved incident says
 * what it failed with (its last failure), never what its targets do now: they pass, or fail for another
 * cause in another incident.
 */
export function composeMessage(
  incident: IncidentRecord,
  tracks: Readonly<Record<string, TargetTrack>>,
): IncidentMessage {
  const ids =
    incident.status === 'open' && incident.members.length > 0 ? incident.members : incident.affected;
  const members = ids.map((id) => tracks[id]).filter((track): track is TargetTrack => track !== undefined);
  const results = members.map((track) => track.result);
  const failure =
    incident.status === 'open'
      ? (collectFailure(incident, members) ?? incident.lastFailure)
      : (incident.lastFailure ?? collectFailure(incident, members));
  const facts = failure ?? {
    verdicts: [],
    layers: [],
    summary: incident.cause.summary,
    evidence: [],
    hostnames: unique(results.map((result) => result.hostname)),
    origins: unique(results.flatMap((result) => result.origin ?? [])),
  };
  const hostnames = unique([...facts.hostnames, ...results.map((result) => result.hostname)]);
  const origins = unique([
    ...(incident.cause.origin === undefined ? [] : [incident.cause.origin]),
    ...facts.origins,
    ...results.flatMap((result) => result.origin ?? []),
  ]);
  const message: IncidentMessage = {
    id: incident.id,
    title: composeTitle(incident, members, hostnames, origins, facts.verdicts),
    status: incident.status,
    cause: {
      key: incident.cause.key,
      code: incident.cause.code,
      summary: incident.cause.summary,
      previousKeys: [...incident.previousKeys],
    },
    layer: facts.layers.join(', ') || '-',
    verdicts: [...facts.verdicts],
    summary: facts.summary,
    evidence: [...facts.evidence],
    hostnames,
    origins,
    sites: unique(results.flatMap((result) => result.site ?? [])),
    environments: unique(results.flatMap((result) => result.environment ?? [])),
    targets: members.slice(0, MESSAGE_TARGET_LIMIT).map((track) => ({
      id: track.id,
      name: track.result.name,
      verdict: track.result.verdict,
      summary: track.result.summary,
    })),
    targetCount: members.length,
    since: incident.openedAt,
    locations: [...incident.locations],
    flapping: incident.flapping,
  };
  if (incident.partial !== undefined) message.seenFromOnly = [...incident.partial.seenFrom];
  if (incident.resolvedAt !== undefined) message.resolvedAt = incident.resolvedAt;
  return { ...message, ...messageChanges(incident) };
}

/** What the incident's failing targets say now, or undefined when none of them is failing. */
export function collectFailure(
  incident: IncidentRecord,
  members: readonly TargetTrack[],
): FailureFacts | undefined {
  const failing = members.filter((track) => !isPassingVerdict(track.result.verdict));
  const representative = failing[0];
  if (representative === undefined) return undefined;
  const results = failing.map((track) => track.result);
  const summary =
    incident.cause.code === 'target' || incident.cause.code === 'intermittent'
      ? representative.result.summary
      : incident.cause.summary;
  return {
    verdicts: unique(results.map((result) => result.verdict)),
    layers: unique(results.map((result) => result.layer)),
    summary,
    evidence: unique([
      ...representative.result.evidence,
      ...(summary !== representative.result.summary
        ? [`${representative.result.name}: ${representative.result.summary}`]
        : []),
    ]).slice(0, EVIDENCE_LIMIT),
    hostnames: unique(results.map((result) => result.hostname)),
    origins: unique(results.flatMap((result) => result.origin ?? [])),
  };
}

function composeTitle(
  incident: IncidentRecord,
  members: readonly TargetTrack[],
  hostnames: readonly string[],
  origins: readonly string[],
  verdicts: readonly string[],
): string {
  const { cause } = incident;
  const what = listSome(verdicts);
  const seenFrom =
    incident.partial === undefined ? '' : `seen from ${listSome(incident.partial.seenFrom)} only: `;
  const flapping = `${seenFrom}${incident.flapping ? 'flapping: ' : ''}`;
  switch (cause.code) {
    case 'shared_front_door_down':
      return `${flapping}front door of ${cause.origin ?? listSome(origins)} down: ${what} on ${plural(hostnames.length, 'hostname')}`;
    case 'fleet_wide':
      return `${flapping}${cause.verdict ?? what} on ${plural(origins.length, 'origin')} (${listSome(origins)}), ${plural(members.length, 'target')}`;
    case 'origin_partial':
      return `${flapping}site ${cause.site ?? '?'} fails on ${listSome(origins)}: ${what}`;
    case 'host_binding_missing':
      return `${flapping}${cause.origin ?? listSome(origins)} does not route ${listSome(hostnames)}`;
    case 'edge_only':
      return `${flapping}${listSome(hostnames)} ${hostnames.length === 1 ? 'fails' : 'fail'} through the edge only: ${what}`;
    case 'http2_only_failure':
      return `${flapping}HTTP/2 of ${cause.origin ?? listSome(origins)} broken: ${plural(hostnames.length, 'hostname')} fail over HTTP/2, pass over HTTP/1.1`;
    case 'target': {
      const name = members[0]?.result.name ?? cause.key;
      const others = members.length > 1 ? ` (+${members.length - 1} targets)` : '';
      return `${flapping}${name}: ${what}${others}`;
    }
    case 'location_silent':
      return `probe location ${cause.location ?? '?'} stopped reporting`;
    case 'intermittent': {
      const track = members[0];
      const count = track === undefined ? undefined : countWindow(track.requests);
      const share =
        count === undefined || count.requests === 0
          ? ''
          : `: ${count.failed} of ${count.requests} recent requests failed`;
      return `${flapping}${track?.result.name ?? cause.key} intermittent${share}`;
    }
  }
}
