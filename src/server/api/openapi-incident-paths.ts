import {
  beforeParam,
  errorResponse,
  isoTime,
  json,
  limitParam,
  nullableTime,
  readSecurity,
  strings,
} from './openapi-parts.js';

const transition = {
  type: 'object',
  properties: {
    number: { type: 'integer' },
    at: isoTime,
    kind: {
      type: 'string',
      enum: [
        'opened',
        'joined',
        'left',
        'rekeyed',
        'merged',
        'reminded',
        'flapping',
        'stabilized',
        'resolved',
        'held',
        'released',
      ],
    },
    detail: { type: 'string' },
    cause: { type: 'string' },
    targets: strings,
  },
  required: ['number', 'at', 'kind', 'detail', 'cause', 'targets'],
};

/** Incidents and deliveries: their schemas and paths, merged into openapi-document.ts. */
export const incidentSchemas = {
  IncidentSummary: {
    type: 'object',
    properties: {
      id: { type: 'string' },
      policy: { type: 'string' },
      cause: { type: 'object', properties: { key: { type: 'string' }, code: { type: 'string' } } },
      title: { type: 'string' },
      status: { type: 'string', enum: ['open', 'resolved'] },
      openedAt: isoTime,
      resolvedAt: nullableTime,
      updatedAt: isoTime,
      environments: strings,
      transitionCount: { type: 'integer' },
    },
    required: [
      'id',
      'policy',
      'cause',
      'title',
      'status',
      'openedAt',
      'resolvedAt',
      'updatedAt',
      'transitionCount',
    ],
  },
  Delivery: {
    type: 'object',
    description: 'one message to one channel (an outbox row) and every attempt to deliver it',
    properties: {
      id: { type: 'string', description: 'KEY/CHANNEL' },
      key: { type: 'string', description: 'the idempotency key: INCIDENT-ID#TRANSITION' },
      channel: { type: 'string' },
      incidentId: { type: ['string', 'null'] },
      kind: {
        type: 'string',
        description: 'opened, widened, reminder, flapping, resolved, merged or channel_failed',
      },
      state: { type: 'string', enum: ['pending', 'delivered', 'dead'] },
      attempts: { type: 'integer' },
      createdAt: isoTime,
      deadline: isoTime,
      nextAttemptAt: nullableTime,
      deliveredAt: nullableTime,
      firstFailureAt: nullableTime,
      lastError: { type: ['string', 'null'] },
      deliveries: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            attempt: { type: 'integer' },
            at: isoTime,
            durationMs: { type: 'number' },
            result: { type: 'string', enum: ['sent', 'failed', 'dead_lettered'] },
            status: { type: ['integer', 'null'] },
            detail: { type: 'string' },
          },
          required: ['attempt', 'at', 'durationMs', 'result', 'status', 'detail'],
        },
      },
    },
    required: ['id', 'key', 'channel', 'kind', 'state', 'attempts', 'createdAt', 'deadline', 'deliveries'],
  },
  Incident: {
    allOf: [
      { $ref: '#/components/schemas/IncidentSummary' },
      {
        type: 'object',
        properties: {
          message: { type: 'object', description: 'the incident as its latest message describes it' },
          layer: { type: 'string' },
          summary: { type: 'string' },
          evidence: strings,
          targets: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                id: { type: 'string' },
                name: { type: ['string', 'null'] },
                hostname: { type: ['string', 'null'] },
                via: { type: ['string', 'null'] },
                site: { type: ['string', 'null'] },
                origin: { type: ['string', 'null'] },
                environment: { type: ['string', 'null'] },
                joinedAt: isoTime,
                leftAt: nullableTime,
              },
              required: ['id', 'joinedAt', 'leftAt'],
            },
          },
          transitions: { type: 'array', items: transition },
          timeline: {
            type: 'array',
            description:
              'transitions (type transition) and the starts and ends of overlapping maintenance windows (type maintenance), in time order',
            items: {
              type: 'object',
              properties: { type: { type: 'string', enum: ['transition', 'maintenance'] }, at: isoTime },
            },
          },
          notifications: { type: 'array', items: { $ref: '#/components/schemas/Delivery' } },
          maintenance: { type: 'array', items: { $ref: '#/components/schemas/MaintenanceWindow' } },
        },
        required: [
          'message',
          'layer',
          'summary',
          'evidence',
          'targets',
          'transitions',
          'timeline',
          'notifications',
          'maintenance',
        ],
      },
    ],
  },
};

export const incidentPaths = {
  '/api/v1/incidents': {
    get: {
      summary: 'incidents, newest first, a page at a time',
      security: readSecurity,
      parameters: [
        { name: 'state', in: 'query', schema: { type: 'string', enum: ['open', 'resolved'] } },
        limitParam(500, 50),
        beforeParam,
      ],
      responses: {
        '200': json(
          {
            type: 'object',
            properties: {
              incidents: { type: 'array', items: { $ref: '#/components/schemas/IncidentSummary' } },
              next: { type: ['string', 'null'], description: 'pass as before= for the next page' },
            },
            required: ['incidents', 'next'],
          },
          'incidents',
        ),
        '400': errorResponse,
        '401': errorResponse,
      },
    },
  },
  '/api/v1/incidents/{id}': {
    get: {
      summary: 'one incident: its targets, transitions, evidence, notifications and their deliveries',
      security: readSecurity,
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
      responses: {
        '200': json({ $ref: '#/components/schemas/Incident' }, 'the incident'),
        '401': errorResponse,
        '404': errorResponse,
      },
    },
  },
  '/api/v1/deliveries': {
    get: {
      summary:
        'the outbox newest first, each row with every delivery attempt; state=dead lists the dead letters',
      security: readSecurity,
      parameters: [
        { name: 'state', in: 'query', schema: { type: 'string', enum: ['pending', 'delivered', 'dead'] } },
        { name: 'channel', in: 'query', schema: { type: 'string' } },
        limitParam(500, 50),
        beforeParam,
      ],
      responses: {
        '200': json(
          {
            type: 'object',
            properties: {
              deliveries: { type: 'array', items: { $ref: '#/components/schemas/Delivery' } },
              next: { type: ['string', 'null'] },
            },
            required: ['deliveries', 'next'],
          },
          'deliveries',
        ),
        '400': errorResponse,
        '401': errorResponse,
      },
    },
  },
};
