import {
  errorResponse,
  isoTime,
  json,
  limitParam,
  nullableTime,
  readSecurity,
  strings,
  writeSecurity,
} from './openapi-parts.js';

/** Another node holds the engine lease (several locations over one PostgreSQL): ask that node. */
const notHolder = json(
  { $ref: '#/components/schemas/Error' },
  'this node does not run the incident engine now; another node holds the engine lease',
);

/** Maintenance windows: their schema and paths, merged into openapi-document.ts. */
export const maintenanceSchemas = {
  MaintenanceWindow: {
    type: 'object',
    properties: {
      id: {
        type: 'string',
        description: 'config:NAME@START for a configured occurrence, m-... for an ad hoc one',
      },
      name: { type: 'string' },
      source: { type: 'string', enum: ['config', 'api'] },
      scope: {
        type: 'object',
        properties: { sites: strings, origins: strings, environments: strings },
        required: ['sites', 'origins', 'environments'],
      },
      reason: { type: ['string', 'null'] },
      startsAt: isoTime,
      endsAt: isoTime,
      startedBy: { type: 'string', description: 'token:NAME, or config' },
      endedAt: nullableTime,
      endedBy: { type: ['string', 'null'], description: 'token:NAME, or schedule when it ended on time' },
    },
    required: [
      'id',
      'name',
      'source',
      'scope',
      'reason',
      'startsAt',
      'endsAt',
      'startedBy',
      'endedAt',
      'endedBy',
    ],
  },
};

const window = { $ref: '#/components/schemas/MaintenanceWindow' };

export const maintenancePaths = {
  '/api/v1/maintenance': {
    get: {
      summary: 'maintenance windows, newest first: configured occurrences and ad hoc ones',
      security: readSecurity,
      parameters: [
        { name: 'state', in: 'query', schema: { type: 'string', enum: ['active', 'ended'] } },
        limitParam(1000, 100),
      ],
      responses: {
        '200': json(
          {
            type: 'object',
            properties: { windows: { type: 'array', items: window } },
            required: ['windows'],
          },
          'windows',
        ),
        '400': errorResponse,
        '401': errorResponse,
      },
    },
    post: {
      summary: 'starts an ad hoc window now; notifications for its scope wait until it ends (probes go on)',
      security: writeSecurity,
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: {
              type: 'object',
              additionalProperties: false,
              properties: {
                origins: strings,
                sites: strings,
                environments: strings,
                for: {
                  type: 'string',
                  description: 'required: how long, e.g. 1h or 90m; at most 4h (longer is capped)',
                },
                reason: { type: 'string', maxLength: 500 },
                name: { type: 'string', maxLength: 200 },
              },
              required: ['for'],
            },
          },
        },
      },
      responses: {
        '201': json(
          {
            type: 'object',
            properties: {
              window,
              capped: { type: 'boolean', description: 'for was longer than 4h and was cut to it' },
            },
            required: ['window', 'capped'],
          },
          'the window, started',
        ),
        '400': errorResponse,
        '401': errorResponse,
        '403': errorResponse,
        '503': notHolder,
      },
    },
  },
  '/api/v1/maintenance/{id}': {
    delete: {
      summary: 'ends a window now; every target in its scope is swept with a burst at once',
      security: writeSecurity,
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
      responses: {
        '200': json({ type: 'object', properties: { window }, required: ['window'] }, 'the window, ended'),
        '401': errorResponse,
        '403': errorResponse,
        '404': errorResponse,
        '409': errorResponse,
        '503': notHolder,
      },
    },
  },
};
