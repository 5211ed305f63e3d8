/** Small builders the OpenAPI document's parts share. */
export const json = (schema: object, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

export const errorResponse = json({ $ref: '#/components/schemas/Error' }, 'the request was refused');

/** Reads: open on loopback without read tokens, else a bearer token. */
export const readSecurity = [{}, { bearer: [] }];
/** Writes: always a bearer token (scope write). */
export const writeSecurity = [{ bearer: [] }];

export const isoTime = { type: 'string', format: 'date-time' } as const;
export const nullableTime = { type: ['string', 'null'], format: 'date-time' } as const;
export const strings = { type: 'array', items: { type: 'string' } } as const;

export const limitParam = (max: number, fallback: number) => ({
  name: 'limit',
  in: 'query',
  schema: { type: 'integer', minimum: 1, maximum: max, default: fallback },
});

export const beforeParam = {
  name: 'before',
  in: 'query',
  schema: { type: 'string' },
  description: 'the `next` value of the previous page',
};
