import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/parse-config.js';
import { renderConfigYaml } from './render-config-yaml.js';

describe('renderConfigYaml', () => {
  it('round-trips a configuration through parseConfig, with extra sections', () => {
    const source = `environments: { production: { alerts: page } }
origins: { web1: "127.0.0.5:8443", web2: "[::1]:9443" }
resolve: { shop.test: 127.0.0.9 }
sites:
  shop:
    environment: production
    url: https://shop.test:8443/health
    aliases: [shop.internal.test]
    origins: [web1, web2]
    interval: 2s
    expect: { status: [200], body: ok, version: "2.0.0", version_header: x-v, max_latency: 800ms }
ca: [/tmp/lab-ca.pem]
`;
    const config = parseConfig(source, '/srv/frontdoor.yaml');
    const text = renderConfigYaml(config, { watch: { interval: '500ms', burst: 1 } });
    const again = parseConfig(text, '/srv/frontdoor.yaml', { reader: 'serve' });
    const { watch, ...rest } = again;
    expect(rest).toEqual(config);
    expect(watch).toMatchObject({ intervalMs: 500, burst: 1 });
  });
});
