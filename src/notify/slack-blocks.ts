import type { Outbound } from './outbound.js';
import { kindLabel, listSome, renderText } from './render-message.js';

/** Slack's Block Kit limits (api.slack.com/reference/block-kit): exceeding one is a 400 invalid_blocks. */
export const SLACK_LIMITS = {
  blocks: 50,
  headerText: 150,
  sectionText: 3000,
  fields: 10,
  fieldText: 2000,
  contextElements: 10,
  /** top-level text: Slack truncates long messages; keep the fallback well inside */
  text: 3000,
} as const;

/** Cuts text to `max` characters, marking the cut, so a long list never costs the whole message. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** mrkdwn's three control characters (api.slack.com/reference/surfaces/formatting#escaping). */
export function escapeMrkdwn(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

type Block = Record<string, unknown>;

function section(text: string): Block {
  return { type: 'section', text: { type: 'mrkdwn', text: truncate(text, SLACK_LIMITS.sectionText) } };
}

/**
 * The Slack payload: a header with the state and title; cause, layer, since and policy as fields; the
 * summary; affected hostnames and origins; evidence; and the incident and key in a context line.
 */
export function buildSlackPayload(message: Outbound): { text: string; blocks: Block[] } {
  const text = truncate(renderText(message).split('\n')[0] ?? '', SLACK_LIMITS.text);
  if (message.type === 'channel_failed') {
    return {
      text,
      blocks: [
        {
          type: 'header',
          text: {
            type: 'plain_text',
            text: truncate(`Channel ${message.channel} failing`, SLACK_LIMITS.headerText),
          },
        },
        section(escapeMrkdwn(renderText(message))),
      ],
    };
  }
  const { incident } = message;
  const field = (label: string, value: string) => ({
    type: 'mrkdwn',
    text: truncate(`*${label}*\n${escapeMrkdwn(value)}`, SLACK_LIMITS.fieldText),
  });
  const blocks: Block[] = [
    {
      type: 'header',
      text: {
        type: 'plain_text',
        text: truncate(`${kindLabel(message)}: ${incident.title}`, SLACK_LIMITS.headerText),
      },
    },
    {
      type: 'section',
      fields: [
        field('Cause', `${incident.cause.code}${incident.cause.previousKeys.length > 0 ? ' (widened)' : ''}`),
        field('Layer', incident.layer),
        field('Since', incident.since),
        field('Policy', `${message.policy} (${message.severity})`),
        field('Seen from', incident.locations.join(', ')),
        field('Origins', incident.origins.join(', ') || 'through the edge'),
      ].slice(0, SLACK_LIMITS.fields),
    },
    section(`${escapeMrkdwn(message.detail)}\n${escapeMrkdwn(incident.summary)}`),
    section(`*Hostnames (${incident.hostnames.length})*\n${escapeMrkdwn(listSome(incident.hostnames, 40))}`),
  ];
  if (incident.likelyCause !== undefined)
    blocks.push(section(`*Likely cause*: ${escapeMrkdwn(incident.likelyCause)}`));
  if (incident.maintenance !== undefined)
    blocks.push(section(`*Maintenance*: ${escapeMrkdwn(incident.maintenance)}`));
  if (incident.evidence.length > 0) {
    blocks.push(
      section(`*Evidence*\n${escapeMrkdwn(incident.evidence.map((line) => `• ${line}`).join('\n'))}`),
    );
  }
  const changes = [...(incident.failedGates ?? []), ...(incident.changes ?? [])];
  if (changes.length > 0) {
    const lines = [...new Map(changes.map((change) => [change.key, change])).values()].map(
      (change) => `• ${change.at} ${change.origins.join(', ') || '-'}: ${change.line}`,
    );
    blocks.push(section(`*Changes before it*\n${escapeMrkdwn(lines.join('\n'))}`));
  }
  blocks.push({
    type: 'context',
    elements: [
      {
        type: 'mrkdwn',
        text: truncate(escapeMrkdwn(`${incident.id} · ${message.key}`), SLACK_LIMITS.fieldText),
      },
    ],
  });
  return { text, blocks: blocks.slice(0, SLACK_LIMITS.blocks) };
}
