import { z } from 'zod';
import { deployMarkSchema } from '../../incidents/deploy-mark.js';
import { EVENT_BATCH_LIMITS, hostEventSchema } from '../../incidents/host-event.js';

/** A zod contract as an OpenAPI 3.1 (JSON Schema 2020-12) schema: the document says what the server checks. */
function fromContract(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { unrepresentable: 'any', io: 'input' });
  return rest;
}

/**
 * The change timeline's part of the OpenAPI document: `POST /api/v1/events` (agent), `POST /api/v1/deploys`
 * (deploy) and `GET /api/v1/events` (read), with the contracts' own schemas.
 */
export function timelineOpenApi() {
  const json = (schema: object, description: string) => ({
    description,
    content: { 'application/json': { schema } },
  });
  const error = json({ $ref: '#/components/schemas/Error' }, 'the request was refused');
  const limited = {
    description: "over the token's rate: retry after the Retry-After header's seconds",
    headers: { 'Retry-After': { schema: { type: 'integer' } } },
    content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
  };
  const storeBusy = { ...limited, description: 'the store cannot take it now: retry after Retry-After' };
  const entry = {
    type: 'object',
    description: 'a host event (kind host, with event) or a deploy mark (kind deploy, with mark)',
    properties: {
      id: { type: 'integer', description: 'the order the watch received it in' },
      kind: { type: 'string', enum: ['host', 'deploy'] },
      at: {
        type: 'string',
        format: 'date-time',
        description: "the event's observedAt, a deploy's startedAt",
      },
      receivedAt: { type: 'string', format: 'date-time' },
      source: { type: 'string', description: 'the name of the API token that posted it' },
      line: { type: 'string', description: 'one line to read' },
      event: { $ref: '#/components/schemas/HostEvent' },
      mark: { $ref: '#/components/schemas/DeployMark' },
    },
    required: ['id', 'kind', 'at', 'receivedAt', 'source', 'line'],
  };
  return {
    schemas: {
      HostEvent: fromContract(hostEventSchema),
      DeployMark: fromContract(deployMarkSchema),
      TimelineEntry: entry,
    },
    paths: {
      '/api/v1/events': {
        get: {
          summary: 'the change timeline: host events and deploy marks in time order, paged',
          security: [{}, { bearer: [] }],
          parameters: [
            {
              name: 'origin',
              in: 'query',
              schema: { type: 'string' },
              description: "only this origin's events and the deploy marks that touched it",
            },
            {
              name: 'since',
              in: 'query',
              schema: { type: 'string' },
              description:
                'ISO 8601 time, epoch milliseconds, or a look-back such as 6h (default: until - 24h)',
            },
            {
              name: 'until',
              in: 'query',
              schema: { type: 'string' },
              description: 'as since (default: now)',
            },
            {
              name: 'limit',
              in: 'query',
              schema: { type: 'integer', minimum: 1, maximum: 1000, default: 200 },
            },
            {
              name: 'after',
              in: 'query',
              schema: { type: 'string' },
              description: "the previous page's `next`",
            },
          ],
          responses: {
            '200': json(
              {
                type: 'object',
                properties: {
                  origin: { type: ['string', 'null'] },
                  since: { type: 'string', format: 'date-time' },
                  until: { type: 'string', format: 'date-time' },
                  events: { type: 'array', items: { $ref: '#/components/schemas/TimelineEntry' } },
                  next: { type: ['string', 'null'], description: 'pass as `after` for the next page' },
                },
                required: ['origin', 'since', 'until', 'events', 'next'],
              },
              'a page of the timeline',
            ),
            '400': error,
            '401': error,
          },
        },
        post: {
          summary: "a host agent's events (scope agent, its own origin only); a resend is harmless",
          security: [{ bearer: [] }],
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  description: `1 to ${EVENT_BATCH_LIMITS.events} events of one origin in increasing sequence, at most ${EVENT_BATCH_LIMITS.bytes} bytes`,
                  properties: {
                    events: {
                      type: 'array',
                      minItems: 1,
                      maxItems: EVENT_BATCH_LIMITS.events,
                      items: { $ref: '#/components/schemas/HostEvent' },
                    },
                  },
                  required: ['events'],
                  additionalProperties: false,
                },
              },
            },
          },
          responses: {
            '200': json(
              {
                type: 'object',
                properties: {
                  accepted: { type: 'integer', description: 'events stored now' },
                  duplicates: { type: 'integer', description: 'events already stored (origin, sequence)' },
                },
                required: ['accepted', 'duplicates'],
              },
              'stored',
            ),
            '400': error,
            '401': error,
            '403': json(
              { $ref: '#/components/schemas/Error' },
              'not an agent token, or an event of an origin the token is not bound to',
            ),
            '413': error,
            '429': limited,
            '503': storeBusy,
          },
        },
      },
      '/api/v1/deploys': {
        post: {
          summary: 'a deploy mark from `frontdoor verify --report-to` (scope deploy or write)',
          security: [{ bearer: [] }],
          requestBody: {
            required: true,
            content: { 'application/json': { schema: { $ref: '#/components/schemas/DeployMark' } } },
          },
          responses: {
            '201': json(
              { type: 'object', properties: { id: { type: 'integer' } }, required: ['id'] },
              'on the timeline',
            ),
            '400': error,
            '401': error,
            '403': error,
            '413': error,
            '429': limited,
            '503': storeBusy,
          },
        },
      },
    },
  };
}
