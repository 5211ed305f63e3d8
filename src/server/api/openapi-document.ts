import { FINDING_CODES, VERDICTS } from '../../diagnose/verdict.js';
import { deliveryPaths, deliverySchemas } from './openapi-delivery-paths.js';
import { maintenancePaths, maintenanceSchemas } from './openapi-maintenance-paths.js';
import { timelineOpenApi } from './openapi-timeline.js';

/**
 * The OpenAPI 3.1 description of every route the daemon serves, at `/api/v1/openapi.json`. A test lists
 * the server's routes and this document's paths and requires them to be the same set.
 */
export function buildOpenApiDocument(version: string) {
  const json = (schema: object, description: string) => ({
    description,
    content: { 'application/json': { schema } },
  });
  const error = json({ $ref: '#/components/schemas/Error' }, 'the request was refused');
  const html = (description: string) => ({ description, content: { 'text/html': {} } });
  const readSecurity = [{}, { bearer: [] }];
  const timeline = timelineOpenApi();
  const timings = {
    type: 'object',
    description: 'milliseconds per phase',
    properties: Object.fromEntries(
      ['dns', 'connect', 'tls', 'ttfb', 'transfer', 'total'].map((phase) => [phase, { type: 'number' }]),
    ),
    required: ['total'],
  };
  return {
    openapi: '3.1.0',
    info: {
      title: 'frontdoor watch',
      version,
      description:
        'The daemon started by `frontdoor serve`: what it probes, what it saw, what changed, and its health. Reads ' +
        'are open on loopback when no read token is configured; otherwise send `Authorization: Bearer TOKEN`. ' +
        'Writes always need a token of their scope.',
    },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: {
        ...deliverySchemas,
        ...maintenanceSchemas,
        ...timeline.schemas,
        Error: {
          type: 'object',
          properties: {
            statusCode: { type: 'integer' },
            error: { type: 'string' },
            message: { type: 'string' },
          },
          required: ['statusCode', 'message'],
        },
        Verdict: { type: 'string', enum: [...VERDICTS] },
        IncidentEntry: {
          type: 'object',
          properties: {
            id: { type: 'string' },
            title: { type: 'string' },
            status: { type: 'string', enum: ['open', 'resolved'] },
            policy: { type: 'string' },
            cause: { type: 'object', properties: { key: { type: 'string' }, code: { type: 'string' } } },
            layer: { type: 'string' },
            verdicts: { type: 'array', items: { $ref: '#/components/schemas/Verdict' } },
            origins: { type: 'array', items: { type: 'string' } },
            hostnames: { type: 'array', items: { type: 'string' } },
            targetCount: { type: 'integer' },
            openedAt: { type: 'string', format: 'date-time' },
            resolvedAt: { type: ['string', 'null'], format: 'date-time' },
            flapping: { type: 'boolean' },
          },
          required: ['id', 'title', 'status', 'policy', 'cause', 'layer', 'openedAt', 'resolvedAt'],
        },
        Readiness: {
          type: 'object',
          properties: {
            ready: { type: 'boolean' },
            checks: {
              type: 'object',
              properties: Object.fromEntries(
                ['store', 'scheduler'].map((name) => [
                  name,
                  { type: 'object', properties: { ok: { type: 'boolean' }, detail: { type: 'string' } } },
                ]),
              ),
            },
          },
          required: ['ready', 'checks'],
        },
        Finding: {
          type: 'object',
          properties: {
            code: { type: 'string', enum: [...FINDING_CODES] },
            summary: { type: 'string' },
            targets: { type: 'array', items: { type: 'string' } },
            targetIds: { type: 'array', items: { type: 'string' } },
          },
          required: ['code', 'summary', 'targets', 'targetIds'],
        },
        Target: {
          type: 'object',
          properties: {
            id: { type: 'string', description: 'stable id: site:host/path@origin-or-edge' },
            name: { type: 'string' },
            url: { type: 'string' },
            hostname: { type: 'string' },
            via: { type: 'string' },
            site: { type: ['string', 'null'] },
            origin: { type: ['string', 'null'] },
            environment: { type: ['string', 'null'] },
            intervalMs: { type: 'integer' },
            latest: {
              oneOf: [
                { type: 'null' },
                {
                  type: 'object',
                  properties: {
                    at: { type: 'string', format: 'date-time' },
                    reason: { type: 'string', enum: ['scheduled', 'confirmation', 'sweep'] },
                    verdict: { $ref: '#/components/schemas/Verdict' },
                    layer: { type: 'string' },
                    summary: { type: 'string' },
                    status: { type: ['integer', 'null'] },
                    timings,
                    burst: {
                      oneOf: [
                        { type: 'null' },
                        {
                          type: 'object',
                          properties: { size: { type: 'integer' }, failed: { type: 'integer' } },
                        },
                      ],
                    },
                  },
                  required: ['at', 'reason', 'verdict', 'layer', 'summary', 'status', 'timings'],
                },
              ],
            },
          },
          required: ['id', 'name', 'url', 'hostname', 'via', 'intervalMs', 'latest'],
        },
        History: {
          type: 'object',
          properties: {
            targetId: { type: 'string' },
            resolution: {
              type: 'string',
              enum: ['raw', 'minute', 'hour'],
              description: 'raw rounds up to 6 h, minute rollups up to 7 days, hour rollups beyond',
            },
            since: { type: 'string', format: 'date-time' },
            until: { type: 'string', format: 'date-time' },
            truncated: { type: 'boolean', description: 'more than 5000 points: only the latest are here' },
            points: {
              type: 'array',
              items: {
                type: 'object',
                description:
                  'raw: one round (verdict, status, requests, failedRequests, timings). minute/hour: one bucket ' +
                  '(rounds, requests, failedRequests, verdicts: rounds per verdict, timings: {avg, max} per phase)',
                properties: {
                  at: { type: 'string', format: 'date-time' },
                  location: { type: 'string' },
                  requests: { type: 'integer' },
                  failedRequests: { type: 'integer' },
                },
                required: ['at', 'location', 'requests', 'failedRequests', 'timings'],
              },
            },
          },
          required: ['targetId', 'resolution', 'since', 'until', 'truncated', 'points'],
        },
      },
    },
    paths: {
      ...deliveryPaths,
      ...maintenancePaths,
      ...timeline.paths,
      '/healthz': {
        get: {
          summary: 'the process answers',
          security: [{}],
          responses: { '200': json({ type: 'object', properties: { status: { const: 'ok' } } }, 'alive') },
        },
      },
      '/readyz': {
        get: {
          summary: 'the store answers and takes writes, and the scheduler is on time',
          security: [{}],
          responses: {
            '200': json({ $ref: '#/components/schemas/Readiness' }, 'ready'),
            '503': json(
              { $ref: '#/components/schemas/Readiness' },
              'not ready: the store is unreachable or degraded, or the scheduler is behind',
            ),
          },
        },
      },
      '/api/v1/openapi.json': {
        get: {
          summary: 'this document',
          security: [{}],
          responses: { '200': json({ type: 'object' }, 'the OpenAPI document') },
        },
      },
      '/api/v1/status': {
        get: {
          summary: "the daemon's state: configuration, scheduler, store, current verdicts and findings",
          security: readSecurity,
          responses: {
            '200': json(
              {
                type: 'object',
                properties: {
                  version: { type: 'string' },
                  startedAt: { type: 'string', format: 'date-time' },
                  configuration: { type: 'object' },
                  scheduler: {
                    type: 'object',
                    description:
                      'targets, inFlight, waiting, rounds, missedRounds, lag {p50Ms, p99Ms, maxMs}, onTime',
                  },
                  store: {
                    type: 'object',
                    description: 'description, degraded, reason, queuedRounds, droppedRounds, writtenRounds',
                  },
                  lease: {
                    type: 'object',
                    description:
                      'the engine lease: name, owner (this node), held (this node runs the incident engine and the senders), holder, epoch, changes',
                  },
                  verdicts: { type: 'object', additionalProperties: { type: 'integer' } },
                  findings: { type: 'array', items: { $ref: '#/components/schemas/Finding' } },
                },
                required: [
                  'version',
                  'startedAt',
                  'configuration',
                  'scheduler',
                  'store',
                  'lease',
                  'verdicts',
                  'findings',
                ],
              },
              'status',
            ),
            '401': error,
          },
        },
      },
      '/api/v1/targets': {
        get: {
          summary: 'every configured target with its latest round',
          security: readSecurity,
          responses: {
            '200': json(
              {
                type: 'object',
                properties: { targets: { type: 'array', items: { $ref: '#/components/schemas/Target' } } },
              },
              'targets',
            ),
            '401': error,
          },
        },
      },
      '/api/v1/targets/{id}/history': {
        get: {
          summary: "one target's history; the range picks the resolution",
          security: readSecurity,
          parameters: [
            {
              name: 'id',
              in: 'path',
              required: true,
              schema: { type: 'string' },
              description: 'the target id, URL-encoded',
            },
            {
              name: 'since',
              in: 'query',
              schema: { type: 'string' },
              description:
                'ISO 8601 time, epoch milliseconds, or a look-back such as 6h or 7d (default: until - 1h)',
            },
            {
              name: 'until',
              in: 'query',
              schema: { type: 'string' },
              description: 'as since (default: now)',
            },
          ],
          responses: {
            '200': json({ $ref: '#/components/schemas/History' }, 'history'),
            '400': error,
            '401': error,
            '404': error,
          },
        },
      },
      '/api/v1/stream': {
        get: {
          summary:
            'server-sent events for the dashboard: `targets` (cells that changed, with the fleet counts), ' +
            '`incidents` (the open incidents after a change) and `reset` (reload the state: the stream restarted ' +
            'or this client fell behind its replay buffer)',
          security: readSecurity,
          parameters: [
            {
              name: 'Last-Event-ID',
              in: 'header',
              schema: { type: 'string' },
              description: 'resume after this event (browsers send it when they reconnect)',
            },
            {
              name: 'lastEventId',
              in: 'query',
              schema: { type: 'string' },
              description: 'the same, for the first request of a page rendered at that position',
            },
          ],
          responses: {
            '200': { description: 'an event stream that stays open', content: { 'text/event-stream': {} } },
            '401': error,
            '503': error,
          },
        },
      },
      '/api/v1/incidents': {
        get: {
          summary: 'incidents, newest first',
          security: readSecurity,
          parameters: [
            {
              name: 'state',
              in: 'query',
              schema: { type: 'string', enum: ['open', 'resolved', 'all'], default: 'all' },
            },
            {
              name: 'limit',
              in: 'query',
              schema: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
            },
          ],
          responses: {
            '200': json(
              {
                type: 'object',
                properties: {
                  incidents: { type: 'array', items: { $ref: '#/components/schemas/IncidentEntry' } },
                },
              },
              'incidents',
            ),
            '400': error,
            '401': error,
          },
        },
      },
      '/api/v1/incidents/{id}': {
        get: {
          summary:
            'one incident: cause, layer, affected targets, transitions, notifications and their deliveries, ' +
            'maintenance, changes before it, the last failing evidence and the requests that failed',
          security: readSecurity,
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '200': json({ type: 'object' }, 'the incident'), '401': error, '404': error },
        },
      },
      '/api/v1/incidents/{id}/writeup': {
        get: {
          summary: "the incident's write-up, drafted in Markdown",
          security: readSecurity,
          parameters: [
            { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
            {
              name: 'download',
              in: 'query',
              schema: { type: 'string' },
              description: 'present: save as a file',
            },
          ],
          responses: {
            '200': { description: 'the write-up', content: { 'text/markdown': {} } },
            '401': error,
            '404': error,
          },
        },
      },
      '/': {
        get: {
          summary: 'the dashboard: the fleet matrix (filters env, site, origin, layer and page in the query)',
          security: readSecurity,
          responses: { '200': html('the fleet page'), '401': error },
        },
      },
      '/targets/{id}': {
        get: {
          summary: "the dashboard's page of one target (range: 1h, 6h, 24h, 7d or 30d)",
          security: readSecurity,
          parameters: [
            { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
            {
              name: 'range',
              in: 'query',
              schema: { type: 'string', enum: ['1h', '6h', '24h', '7d', '30d'] },
            },
          ],
          responses: { '200': html('the target page'), '401': error, '404': html('no such target') },
        },
      },
      '/incidents': {
        get: {
          summary: "the dashboard's list of incidents",
          security: readSecurity,
          responses: { '200': html('the incidents page'), '401': error },
        },
      },
      '/incidents/{id}': {
        get: {
          summary: "the dashboard's page of one incident, with its drafted write-up",
          security: readSecurity,
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '200': html('the incident page'), '401': error, '404': html('no such incident') },
        },
      },
      '/changes': {
        get: {
          summary:
            "the dashboard's change timeline: agents' events and deploy marks, newest first, with the incidents that carry them",
          security: readSecurity,
          parameters: [
            { name: 'origin', in: 'query', schema: { type: 'string' } },
            { name: 'since', in: 'query', schema: { type: 'string', enum: ['2h', '24h', '7d', '30d'] } },
            { name: 'after', in: 'query', schema: { type: 'string' } },
          ],
          responses: { '200': html('the changes page'), '401': error },
        },
      },
      '/assets/{name}': {
        get: {
          summary: "the dashboard's scripts and styles, built with the package",
          security: [{}],
          parameters: [{ name: 'name', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            '200': { description: 'a script or stylesheet' },
            '304': { description: 'not modified' },
            '404': error,
          },
        },
      },
      '/metrics': {
        get: {
          summary:
            'Prometheus metrics: frontdoor_target_up, frontdoor_target_verdict, frontdoor_phase_seconds, ...',
          security: readSecurity,
          responses: {
            '200': { description: 'text exposition format 0.0.4', content: { 'text/plain': {} } },
            '401': error,
          },
        },
      },
      '/probe': {
        get: {
          summary: "blackbox_exporter's multi-target probe, answered by frontdoor's probe and diagnosis",
          security: readSecurity,
          parameters: [
            { name: 'target', in: 'query', required: true, schema: { type: 'string' } },
            { name: 'module', in: 'query', schema: { type: 'string', default: 'http_2xx' } },
            { name: 'hostname', in: 'query', schema: { type: 'string' } },
            { name: 'debug', in: 'query', schema: { type: 'string', enum: ['true', 'false'] } },
          ],
          responses: {
            '200': { description: 'probe_* series and frontdoor_verdict', content: { 'text/plain': {} } },
            '400': { description: 'unknown module or missing target', content: { 'text/plain': {} } },
            '401': error,
          },
        },
      },
    },
  };
}
