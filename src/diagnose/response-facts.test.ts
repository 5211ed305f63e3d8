import { describe, expect, it } from 'vitest';
import { buildFailure, buildObservation } from './fixtures/build-observation.js';
import { describeEndpoint, describeHostname, describePort } from './response-facts.js';

describe('describeEndpoint', () => {
  it('names the address and port really dialled on a redirect to a dead host, not the first hop port', () => {
    const observation = buildObservation({
      url: 'https://shop.example.com:8443/health',
      connectTo: { host: '10.0.0.11', port: 8443 },
      failure: buildFailure('connect', 'connect_refused', 'ECONNREFUSED'),
    });
    observation.url = 'http://old.example.com/health';
    observation.dns = {
      source: 'system',
      hostname: 'old.example.com',
      addresses: [{ address: '10.0.0.99', family: 4 }],
      durationMs: 1,
    };
    observation.deadAddresses = [
      {
        address: '10.0.0.99',
        port: 80,
        family: 4,
        code: 'connect_refused',
        errorCode: 'ECONNREFUSED',
        durationMs: 0.2,
      },
    ];
    expect(describeEndpoint(observation)).toBe('10.0.0.99:80');
    expect(describePort(observation)).toBe(80);
    expect(describeHostname(observation)).toBe('old.example.com');
  });

  it("uses the last hop's port when the redirect's name did not resolve, and drops a pin the redirect left", () => {
    const observation = buildObservation({
      url: 'https://shop.example.com:8443/',
      connectTo: { host: '10.0.0.11', port: 8443 },
      failure: buildFailure('dns', 'dns_not_found', 'ENOTFOUND'),
    });
    observation.url = 'https://gone.example.com/';
    expect(describeEndpoint(observation)).toBe('gone.example.com:443');
  });

  it('keeps the pin and its port while the probe stays on the pinned name', () => {
    const observation = buildObservation({
      url: 'https://shop.example.com/',
      connectTo: { host: 'web1.internal', port: 8443 },
      failure: buildFailure('dns', 'dns_timeout'),
    });
    expect(describeEndpoint(observation)).toBe('web1.internal:8443');
  });

  it('prefers the completed connection', () => {
    expect(describeEndpoint(buildObservation({ status: 200, address: '10.0.0.12' }))).toBe('10.0.0.12:443');
  });
});
