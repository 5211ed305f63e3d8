import {
  type HttpReceiver,
  type ReceivedRequest,
  type ReceiverAnswer,
  startHttpReceiver,
} from './http-receiver.js';

/** Slack's Block Kit limits, as Slack enforces them on an incoming webhook. */
const LIMITS = { blocks: 50, header: 150, section: 3000, fields: 10, field: 2000, context: 10 };

export interface SlackReceiver {
  /** the incoming-webhook URL to configure: http://ADDR:PORT/services/T.../B.../TOKEN */
  webhookUrl: string;
  /** the payloads Slack accepted, in order */
  messages: Json[];
  receiver: HttpReceiver;
  /** the next `count` posts are rate limited: 429 with this Retry-After (seconds) */
  rateLimitNext(count: number, retryAfterSeconds: number): void;
  close(): Promise<void>;
}

const answer = (status: number, body: string): ReceiverAnswer => ({ status, body });

type Json = Record<string, unknown>;

function objectOf(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

/** A block's text object's text: `{ "text": { "type": "mrkdwn", "text": "..." } }`. */
function textOf(block: Json): string | undefined {
  const text = objectOf(block.text)?.text;
  return typeof text === 'string' ? text : undefined;
}

function isValidBlock(block: Json): boolean {
  switch (block.type) {
    case 'header': {
      const text = textOf(block);
      return (
        objectOf(block.text)?.type === 'plain_text' && text !== undefined && text.length <= LIMITS.header
      );
    }
    case 'section': {
      const text = textOf(block);
      const fields = block.fields;
      if (block.text === undefined && fields === undefined) return false;
      if (block.text !== undefined && (text === undefined || text.length > LIMITS.section)) return false;
      if (fields === undefined) return true;
      return (
        Array.isArray(fields) &&
        fields.length <= LIMITS.fields &&
        fields.every((field) => {
          const text = objectOf(field)?.text;
          return typeof text === 'string' && text.length <= LIMITS.field;
        })
      );
    }
    case 'context':
      return Array.isArray(block.elements) && block.elements.length <= LIMITS.context;
    case 'divider':
      return true;
    default:
      return false;
  }
}

/** Why Slack would refuse these blocks, or undefined when it would take them. */
function checkBlocks(blocks: unknown): string | undefined {
  if (!Array.isArray(blocks) || blocks.length > LIMITS.blocks) return 'invalid_blocks';
  return blocks.every((block) => {
    const object = objectOf(block);
    return object !== undefined && isValidBlock(object);
  })
    ? undefined
    : 'invalid_blocks';
}

/**
 * A local receiver that implements Slack's incoming-webhook contract (api.slack.com/messaging/webhooks):
 * 200 "ok"; 404 "no_service" for an unknown webhook path; 400 "invalid_payload" for a body that is not
 * JSON, "no_text" without text or blocks, "invalid_blocks" past Block Kit's limits; 429 with Retry-After
 * when rate limited.
 */
export async function startSlackReceiver(
  token = 'T0LAB0000/B0LAB0000/labtoken000000000000000',
): Promise<SlackReceiver> {
  const messages: SlackReceiver['messages'] = [];
  const receiver = await startHttpReceiver((request: ReceivedRequest) => {
    if (request.method !== 'POST') return answer(405, 'invalid_method');
    if (request.path !== `/services/${token}`) return answer(404, 'no_service');
    let payload: Json | undefined;
    try {
      payload = objectOf(JSON.parse(request.body));
    } catch {
      payload = undefined;
    }
    if (payload === undefined) return answer(400, 'invalid_payload');
    if (payload.text === undefined && payload.blocks === undefined) return answer(400, 'no_text');
    if (payload.blocks !== undefined) {
      const problem = checkBlocks(payload.blocks);
      if (problem !== undefined) return answer(400, problem);
    }
    messages.push(payload);
    return answer(200, 'ok');
  });
  return {
    webhookUrl: `${receiver.origin}/services/${token}`,
    messages,
    receiver,
    rateLimitNext(count, retryAfterSeconds) {
      receiver.failNext(count, {
        status: 429,
        body: 'rate_limited',
        headers: { 'retry-after': String(retryAfterSeconds) },
      });
    },
    close: () => receiver.close(),
  };
}
