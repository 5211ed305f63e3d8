import { describe, expect, it } from 'vitest';
import { extractInventory } from './extract-inventory.js';
import { parseNginx } from './parse-nginx.js';

// The shape ingress-nginx and Kong render: Lua at every level (http, upstream, server, location, stream),
// with braces, quotes and "--" inside it that are not nginx syntax.
const INGRESS = `
http {
  lua_shared_dict configuration_data 20M;
  init_by_lua_block {
    collectgarbage("collect")
    local ok, res = pcall(require, "lua_ingress")
    if not ok then error("require failed: " .. tostring(res)) else lua_ingress = res end
    configuration = { prefix = '{', suffix = "}" } -- not a block: }
  }
  init_worker_by_lua_block { lua_ingress.init_worker() balancer.init_worker() }
  upstream upstream_balancer {
    server 0.0.0.1;
    balancer_by_lua_block { balancer.balance() }
    keepalive 320;
  }
  server {
    server_name _;
    listen 80 default_server reuseport backlog=4096;
    listen 443 default_server reuseport backlog=4096 ssl;
    ssl_certificate_by_lua_block { certificate.call() }
    location / {
      set_by_lua_block $proxy_upstream_name { return "upstream-default-backend" }
      access_by_lua_block { if ngx.var.x == "}" then ngx.exit(403) end }
      proxy_pass http://upstream_balancer;
      log_by_lua_block { monitor.call() --[[ } ]] }
    }
  }
  server {
    server_name shop.example.com;
    listen 80;
    listen 443 ssl;
    location / {
      rewrite_by_lua_block { lua_ingress.rewrite({ force_ssl_redirect = false, ["use_port"] = [[}]] }) }
      proxy_pass http://upstream_balancer;
    }
  }
}
stream {
  init_by_lua_block { tcp_udp_configuration = require("tcp_udp_configuration") }
  upstream upstream_balancer { server 0.0.0.1:1234; balancer_by_lua_block { tcp_udp_balancer.balance() } }
  server { listen 127.0.0.1:10247; content_by_lua_block { tcp_udp_configuration.call() } }
  server { listen 5353 udp; preread_by_lua_block { ngx.exit(ngx.OK) } proxy_pass upstream_balancer; }
}`;

describe('extractInventory on an OpenResty configuration (ingress-nginx, Kong)', () => {
  const inventory = extractInventory({
    mainFile: '/etc/nginx/nginx.conf',
    files: ['/etc/nginx/nginx.conf'],
    directives: parseNginx(INGRESS, '/etc/nginx/nginx.conf'),
  });

  it('finds every server block around the Lua, with the sockets nginx resolves', () => {
    expect(
      inventory.servers.map(
        (server) =>
          `${server.context}:${server.line} ${server.serverNames.map((name) => name.name).join(',')} ${server.listens
            .map(
              (listen) =>
                `${listen.socket}${listen.ssl ? ' ssl' : ''}${listen.defaultServer ? ' default' : ''}`,
            )
            .join(' + ')}`,
      ),
    ).toEqual([
      'http:16 _ *:80 default + *:443 ssl default',
      'http:28 shop.example.com *:80 + *:443 ssl',
      'stream:41  127.0.0.1:10247',
      'stream:42  *:5353',
    ]);
  });

  it('resolves the upstream whose balancer is Lua, in http and in stream', () => {
    expect(inventory.upstreams.map((upstream) => `${upstream.context} ${upstream.name}`)).toEqual([
      'http upstream_balancer',
      'stream upstream_balancer',
    ]);
    expect(inventory.servers[1]?.upstreams.map((target) => target.endpoints[0]?.endpoint)).toEqual([
      '0.0.0.1:80',
    ]);
  });
});
