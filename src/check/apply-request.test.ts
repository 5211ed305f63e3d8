import { describe, expect, it } from 'vitest';
import { buildTarget } from '../diagnose/fixtures/build-target.js';
import { applyRequest } from './apply-request.js';

describe('applyRequest', () => {
  const target = { ...buildTarget(), headers: { Authorization: 'Bearer site', 'X-Probe': 'frontdoor' } };

  it('merges headers by name without case and keeps the rest', () => {
    const adjusted = applyRequest(target, { headers: { authorization: 'Bearer cli', 'X-Extra': '1' } });
    expect(adjusted.headers).toEqual({ 'X-Probe': 'frontdoor', authorization: 'Bearer cli', 'X-Extra': '1' });
    expect(target.headers.Authorization).toBe('Bearer site');
  });

  it('posts a body when no method is given, as curl -d does', () => {
    expect(applyRequest(target, { body: '{"ping":1}' })).toMatchObject({
      method: 'POST',
      body: '{"ping":1}',
    });
    expect(applyRequest(target, { body: 'x', method: 'PUT' })).toMatchObject({ method: 'PUT', body: 'x' });
    expect(applyRequest({ ...target, method: 'PATCH' }, { body: 'x' })).toMatchObject({ method: 'PATCH' });
  });

  it("puts --http1.1 / --http2 over the site's own offer", () => {
    expect(applyRequest({ ...target, http: ['h2', 'h1'] }, { http: ['h1'] }).http).toEqual(['h1']);
    expect(applyRequest({ ...target, http: ['h1'] }, {}).http).toEqual(['h1']);
  });

  it('leaves a target alone without overrides', () => {
    expect(applyRequest(target, {})).toEqual(target);
  });
});
