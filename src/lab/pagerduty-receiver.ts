import { type HttpReceiver, json, type ReceivedRequest, startHttpReceiver } from './http-receiver.js';

const ACTIONS = new Set(['trigger', 'acknowledge', 'resolve']);
const SEVERITIES = new Set(['critical', 'error', 'warning', 'info']);

type Json = Record<string, unknown>;

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function objectOf(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

export interface PagerDutyAlert {
  dedupKey: string;
  status: 'triggered' | 'acknowledged' | 'resolved';
  summary: string;
  severity: string;
  /** trigger events applied to this alert (the first opens it; later ones are log entries, not pages) */
  triggers: number;
}

export interface PagerDutyReceiver {
  /** the Events API v2 URL to configure as the channel's `url` */
  url: string;
  /** accepted events, in order */
  events: Json[];
  /** alerts by dedup_key, as PagerDuty would hold them */
  alerts: Map<string, PagerDutyAlert>;
  /** pages: alerts opened (a trigger for a dedup_key with no open alert) */
  pages(): number;
  receiver: HttpReceiver;
  close(): Promise<void>;
}

function invalid(errors: string[]) {
  return json(400, { status: 'invalid event', message: 'Event object is invalid', errors });
}

/** Why PagerDuty would refuse this event (developer.pagerduty.com, Events API v2), if it would. */
function checkEvent(event: Json, routingKeys: ReadonlySet<string>): string[] {
  const errors: string[] = [];
  const routingKey = text(event.routing_key);
  const action = text(event.event_action);
  const dedupKey = event.dedup_key;
  if (routingKey === undefined || !routingKeys.has(routingKey)) errors.push('Invalid routing key');
  if (action === undefined || !ACTIONS.has(action)) {
    errors.push("'event_action' is invalid (must be trigger, acknowledge or resolve)");
  }
  if (dedupKey !== undefined && (typeof dedupKey !== 'string' || dedupKey.length > 255)) {
    errors.push("'dedup_key' must be a string of at most 255 characters");
  }
  if (action !== 'trigger' && typeof dedupKey !== 'string') errors.push("'dedup_key' is required");
  if (action === 'trigger') {
    const payload = objectOf(event.payload);
    const summary = text(payload?.summary);
    if (summary === undefined || summary.length === 0 || summary.length > 1024) {
      errors.push("'payload.summary' is required (1 to 1024 characters)");
    }
    if ((text(payload?.source) ?? '') === '') errors.push("'payload.source' is required");
    if (!SEVERITIES.has(text(payload?.severity) ?? '')) {
      errors.push("'payload.severity' must be critical, error, warning or info");
    }
  }
  return errors;
}

/**
 * A local receiver that implements PagerDuty's Events API v2 contract: 202 {"status":"success",...} for a
 * valid event, 400 {"status":"invalid event","errors":[...]} for an invalid one, and alert de-duplication
 * by dedup_key (a trigger on an open alert adds to it; acknowledge and resolve apply to it), so a test can
 * count pages. Scripted 429s and 5xx come through `receiver.failNext`.
 */
export async function startPagerDutyReceiver(routingKeys: readonly string[]): Promise<PagerDutyReceiver> {
  const keys = new Set(routingKeys);
  const events: PagerDutyReceiver['events'] = [];
  const alerts = new Map<string, PagerDutyAlert>();
  let pages = 0;
  let generated = 0;
  const receiver = await startHttpReceiver((request: ReceivedRequest) => {
    if (request.method !== 'POST' || request.path !== '/v2/enqueue')
      return json(404, { status: 'not found' });
    let event: Json | undefined;
    try {
      event = objectOf(JSON.parse(request.body));
    } catch {
      event = undefined;
    }
    if (event === undefined) return invalid(['Event object is not valid JSON']);
    const errors = checkEvent(event, keys);
    if (errors.length > 0) return invalid(errors);
    events.push(event);
    if (event.dedup_key === undefined) generated += 1;
    const dedupKey = text(event.dedup_key) ?? `generated-${generated}`;
    const payload = objectOf(event.payload);
    const summary = text(payload?.summary) ?? '';
    const open = alerts.get(dedupKey);
    const isOpen = open !== undefined && open.status !== 'resolved';
    if (event.event_action === 'trigger') {
      if (isOpen) {
        open.triggers += 1;
        open.summary = summary;
      } else {
        pages += 1;
        const severity = text(payload?.severity) ?? '';
        alerts.set(dedupKey, { dedupKey, status: 'triggered', summary, severity, triggers: 1 });
      }
    } else if (isOpen) {
      // acknowledge and resolve apply to the open alert; for a resolved or unknown key they are dropped
      open.status = event.event_action === 'resolve' ? 'resolved' : 'acknowledged';
    }
    return json(202, { status: 'success', message: 'Event processed', dedup_key: dedupKey });
  });
  return {
    url: `${receiver.origin}/v2/enqueue`,
    events,
    alerts,
    pages: () => pages,
    receiver,
    close: () => receiver.close(),
  };
}
