import {
  beforeParam,
  errorResponse,
  isoTime,
  json,
  limitParam,
  nullableTime,
  readSecurity,
} from './openapi-parts.js';

/** The deliveries route: its schema and path, merged into openapi-document.ts. */
export const deliverySchemas = {
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
};

export const deliveryPaths = {
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
