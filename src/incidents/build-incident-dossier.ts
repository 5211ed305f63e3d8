import { unique } from '../diagnose/findings/group-by.js';
import { isPassingVerdict } from '../diagnose/passing.js';
import { VERDICT_LAYER, type Verdict } from '../diagnose/verdict.js';
import type { AttachedChange } from './change.js';
import type { MaintenanceWindow } from './engine-input.js';
import type {
  DossierChange,
  DossierDelivery,
  DossierObservation,
  DossierTarget,
  IncidentDossier,
} from './incident-dossier.js';
import type { IncidentHistory } from './incident-history.js';
import type { TargetRound } from './round.js';

/** Changes this long before the first failure are attached to the incident (WATCH.md: "the 2 hours before it"). */
export const CHANGES_BEFORE_MS = 2 * 3_600_000;

export interface DossierSources {
  history: IncidentHistory;
  /** rounds of the incident's affected targets, from before its first failure to its end; any order */
  rounds: readonly TargetRound[];
  /** deliveries per notification key (incident id # transition), as the outbox sender recorded them */
  deliveries?: ReadonlyMap<string, DossierDelivery[]>;
  windows?: readonly MaintenanceWindow[];
  /** defaults to the changes the engine attached to the incident's record */
  changes?: readonly DossierChange[];
  /** the end of an open incident's span: the newest round seen (default: the newest of `rounds`) */
  nowMs?: number;
}

/** A round's requests and failed requests: its burst, or one request. */
function countRequests(round: TargetRound): { requests: number; failed: number } {
  const { burst, verdict } = round.result;
  if (burst !== undefined) return { requests: burst.size, failed: burst.failed };
  return { requests: 1, failed: isPassingVerdict(verdict) ? 0 : 1 };
}

const failing = (round: TargetRound) => !isPassingVerdict(round.result.verdict);

/**
 * Gathers one incident for its page and its write-up: the engine's history (record, message, transitions,
 * notifications) joined with what the watch recorded of its targets. Pure: the same sources give the
 * same dossier. Per target, the failure that led into the incident starts after its last pass before the
 * incident opened (or, for a target that joined later, at its first failure after that); the incident's
 * first failure is the earliest of those, which is when visitors started to fail, before any
 * confirmation or threshold.
 */
export function buildIncidentDossier(sources: DossierSources): IncidentDossier {
  const { history } = sources;
  const { record, message } = history;
  const openedMs = Date.parse(record.openedAt);
  const byTarget = new Map<string, TargetRound[]>();
  for (const round of sources.rounds) {
    if (!record.affected.includes(round.result.id)) continue;
    const list = byTarget.get(round.result.id) ?? [];
    list.push(round);
    byTarget.set(round.result.id, list);
  }
  // A loop, not Math.max(...rounds): an hour of a fleet-wide incident is a million rounds, and spreading
  // them into arguments overflows the stack.
  let newestMs = 0;
  for (const round of sources.rounds) newestMs = Math.max(newestMs, Date.parse(round.at));
  const endMs = record.resolvedAt !== undefined ? Date.parse(record.resolvedAt) : (sources.nowMs ?? newestMs);

  const targets: DossierTarget[] = [];
  let lastFailure: TargetRound | undefined;
  for (const id of record.affected) {
    const rounds = (byTarget.get(id) ?? []).sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
    const lastPassBefore = rounds.findLast((round) => !failing(round) && Date.parse(round.at) <= openedMs);
    const fromMs = lastPassBefore === undefined ? Number.NEGATIVE_INFINITY : Date.parse(lastPassBefore.at);
    const within = rounds.filter((round) => {
      const at = Date.parse(round.at);
      return at > fromMs && at <= endMs;
    });
    const failures = within.filter(failing);
    const first = failures[0];
    const last = failures.at(-1);
    if (
      last !== undefined &&
      (lastFailure === undefined || Date.parse(last.at) >= Date.parse(lastFailure.at))
    ) {
      lastFailure = last;
    }
    const recovered =
      last === undefined
        ? undefined
        : within.find((round) => !failing(round) && Date.parse(round.at) > Date.parse(last.at));
    const counted =
      first === undefined ? [] : within.filter((round) => Date.parse(round.at) >= Date.parse(first.at));
    const totals = counted.reduce(
      (sum, round) => {
        const { requests, failed } = countRequests(round);
        return { requests: sum.requests + requests, failed: sum.failed + failed };
      },
      { requests: 0, failed: 0 },
    );
    const result = (last ?? rounds.at(-1))?.result;
    targets.push({
      id,
      name: result?.target ?? id,
      hostname: result?.hostname ?? '',
      via: result?.via ?? '',
      site: result?.site ?? null,
      origin: result?.origin ?? null,
      environment: result?.environment ?? null,
      firstFailureAt: first?.at ?? null,
      recoveredAt: recovered?.at ?? null,
      verdicts: unique(failures.map((round) => round.result.verdict)) as Verdict[],
      layer: last?.result.layer ?? '-',
      status: last?.result.status ?? null,
      requests: totals.requests,
      failedRequests: totals.failed,
    });
  }
  const firstFailureMs = Math.min(
    openedMs,
    ...targets.flatMap((target) =>
      target.firstFailureAt === null ? [] : [Date.parse(target.firstFailureAt)],
    ),
  );
  const firstFailureAt = new Date(firstFailureMs).toISOString();
  const changes = (sources.changes ?? (record.changes ?? []).map(toDossierChange)).filter((change) => {
    const at = Date.parse(change.at);
    return at >= firstFailureMs - CHANGES_BEFORE_MS && at <= endMs;
  });
  const windows = (sources.windows ?? []).filter(
    (window) =>
      Date.parse(window.startsAt) <= endMs && Date.parse(window.endsAt) >= firstFailureMs - CHANGES_BEFORE_MS,
  );

  return {
    id: record.id,
    policy: record.policy,
    title: message.title,
    status: record.status,
    cause: { ...message.cause, previousKeys: [...message.cause.previousKeys] },
    ...describeFailure(message, targets),
    summary: message.summary,
    hostnames: unique([
      ...message.hostnames,
      ...targets.map((target) => target.hostname).filter((name) => name !== ''),
    ]),
    origins: [...message.origins],
    sites: unique([...message.sites, ...targets.flatMap((target) => target.site ?? [])]),
    environments: unique([...message.environments, ...targets.flatMap((target) => target.environment ?? [])]),
    locations: [...message.locations],
    flapping: record.flapping,
    firstFailureAt,
    openedAt: record.openedAt,
    resolvedAt: record.resolvedAt ?? null,
    targets,
    transitions: [...history.transitions],
    notifications: history.notifications.map((notification) => ({
      key: notification.key,
      kind: notification.kind,
      at: notification.at,
      detail: notification.detail,
      channels: [...notification.channels],
      deliveries: [...(sources.deliveries?.get(notification.key) ?? [])],
    })),
    maintenance: windows.map((window) => ({ ...window })),
    changes: changes.map((change) => ({ ...change })),
    likelyCauses: (record.likelyCauses ?? []).map((cause) => cause.headline),
    evidence: lastFailure === undefined ? null : observe(lastFailure),
    requests: targets.reduce(
      (sum, target) => ({ total: sum.total + target.requests, failed: sum.failed + target.failedRequests }),
      { total: 0, failed: 0 },
    ),
  };
}

/**
 * The layers and verdicts of the whole incident. A resolved incident's message tells its last failure
 * only: when web1's nginx came back a round before the CDN retried it, that was the edge's
 * `edge_origin_unreachable`, and a write-up of a shut front door said the edge layer failed. The message's
 * own come first (what was notified), then those its targets showed earlier.
 */
function describeFailure(
  message: IncidentHistory['message'],
  targets: readonly DossierTarget[],
): { layer: string; verdicts: Verdict[] } {
  const verdicts = unique([...message.verdicts, ...targets.flatMap((target) => target.verdicts)]);
  const layers = unique([
    ...message.layer.split(', ').filter((layer) => layer !== '-' && layer !== ''),
    ...verdicts.map((verdict) => VERDICT_LAYER[verdict]),
  ]);
  return { layer: layers.join(', ') || '-', verdicts };
}

/** A change the engine attached to the incident, as the page and the write-up list it. */
function toDossierChange(change: AttachedChange): DossierChange {
  return change.kind === 'deploy'
    ? { at: change.at, kind: 'deploy', summary: change.line }
    : { at: change.at, kind: 'agent', origin: change.event.origin, summary: change.line };
}

function observe(round: TargetRound): DossierObservation {
  const { result } = round;
  return {
    targetId: result.id,
    target: result.target,
    url: result.url,
    connectTo: result.connectTo,
    at: round.at,
    verdict: result.verdict,
    layer: result.layer,
    summary: result.summary,
    evidence: [...result.evidence],
    status: result.status,
    timings: { ...result.timings },
  };
}
