import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { access, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { Agent, get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { allocateLoopbackAddress, findFreePort } from '../dist/lab/loopback.js';

export const BLACKBOX_BINARY = '/usr/bin/prometheus-blackbox-exporter';
const MODULE_NAME = 'frontdoor_bench';

/** @returns {Promise<boolean>} whether the Debian package's binary is installed */
export async function isBlackboxInstalled() {
  try {
    await access(BLACKBOX_BINARY);
    return true;
  } catch {
    return false;
  }
}

/**
 * One http module that asks exactly what frontdoor asks: GET over TLS to the pinned address, SNI and Host
 * = the bench hostname, trusting only the lab CA, HTTP/1.1 (with `http2`, h2 offered first as frontdoor
 * does), no redirects, Connection: close over HTTP/1.1. The exporter builds a new client per probe, so
 * every probe is a fresh connection and full handshake. JSON is valid YAML, so the config needs no YAML writer.
 * @param {{ hostname: string; port: number; caCertPath: string }} server
 * @param {boolean} http2
 */
function buildConfig(server, http2) {
  /** @type {Record<string, string>} */
  const headers = { Host: `${server.hostname}:${server.port}` };
  // A connection-specific header means nothing in HTTP/2; each probe's client is discarded anyway.
  if (!http2) headers.Connection = 'close';
  return JSON.stringify({
    modules: {
      [MODULE_NAME]: {
        prober: 'http',
        timeout: '5s',
        http: {
          method: 'GET',
          valid_status_codes: [200],
          preferred_ip_protocol: 'ip4',
          ip_protocol_fallback: false,
          follow_redirects: false,
          enable_http2: http2,
          headers,
          tls_config: { ca_file: server.caCertPath, server_name: server.hostname },
        },
      },
    },
  });
}

/**
 * @typedef {object} BlackboxExporter
 * @property {number} pid the exporter's pid, for reading its CPU from /proc
 * @property {() => Promise<true | string>} probeOnce one /probe request; true when probe_success is 1
 * @property {() => number} readPeakRssBytes the exporter's peak resident set since it started (VmHWM)
 * @property {() => Promise<void>} stop
 */

/**
 * Starts blackbox_exporter on a fresh loopback address and free port with a generated config, waits until
 * it answers /-/healthy, and returns a driver for its /probe endpoint. Keep-alive to the exporter itself is
 * fine: that is its API; the probes it makes are what is measured.
 * @param {{ address: string; port: number; hostname: string; caCertPath: string }} server
 * @param {number} concurrency
 * @param {{ push: (label: string, stop: () => Promise<void> | void) => void }} cleanup
 * @param {{ http2?: boolean }} [options] with `http2`, enable_http2 and every probe must answer in HTTP/2
 * @returns {Promise<BlackboxExporter>}
 */
export async function startBlackboxExporter(server, concurrency, cleanup, options = {}) {
  const http2 = options.http2 === true;
  const dir = await mkdtemp(join(tmpdir(), 'frontdoor-bench-blackbox-'));
  cleanup.push('blackbox config dir', () => rm(dir, { recursive: true, force: true }));
  const configPath = join(dir, 'blackbox.yml');
  await writeFile(configPath, buildConfig(server, http2));

  const listenAddress = allocateLoopbackAddress();
  const listenPort = await findFreePort(listenAddress);
  const child = spawn(
    BLACKBOX_BINARY,
    [
      `--config.file=${configPath}`,
      `--web.listen-address=${listenAddress}:${listenPort}`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr = (stderr + chunk.toString()).slice(-2000);
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const stopped = await Promise.race([exited.then(() => true), sleep(3000).then(() => false)]);
    if (!stopped) {
      child.kill('SIGKILL');
      await exited;
    }
  };
  cleanup.push('blackbox_exporter', stop);
  if (child.pid === undefined) throw new Error(`could not start ${BLACKBOX_BINARY}`);

  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  cleanup.push('blackbox http agent', () => agent.destroy());
  const base = `http://${listenAddress}:${listenPort}`;
  const target = encodeURIComponent(`https://${server.address}:${server.port}/`);
  const probePath = `${base}/probe?target=${target}&module=${MODULE_NAME}`;

  await waitUntilHealthy(
    `${base}/-/healthy`,
    agent,
    () => child.exitCode !== null,
    () => stderr,
  );
  return {
    pid: child.pid,
    readPeakRssBytes: () => {
      const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      return match?.[1] === undefined ? Number.NaN : Number(match[1]) * 1024;
    },
    probeOnce: async () => {
      const { status, body } = await fetchText(probePath, agent);
      if (status !== 200) return `exporter answered ${status}`;
      if (!/^probe_success 1$/m.test(body)) return 'probe_success 0';
      if (http2 && !/^probe_http_version 2$/m.test(body)) return 'answered in another version than HTTP/2';
      return true;
    },
    stop,
  };
}

/**
 * @param {string} url
 * @param {Agent} agent
 * @param {() => boolean} hasExited
 * @param {() => string} readStderr
 */
async function waitUntilHealthy(url, agent, hasExited, readStderr) {
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline) {
    if (hasExited()) throw new Error(`blackbox_exporter exited: ${readStderr().trim()}`);
    try {
      const { status } = await fetchText(url, agent);
      if (status === 200) return;
    } catch {
      // not listening yet
    }
    await sleep(50);
  }
  throw new Error(`blackbox_exporter did not become healthy within 5 s: ${readStderr().trim()}`);
}

/**
 * @param {string} url
 * @param {Agent} agent
 * @returns {Promise<{ status: number; body: string }>}
 */
function fetchText(url, agent) {
  return new Promise((resolve, reject) => {
    const request = get(url, { agent, timeout: 10_000 }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => {
        body += chunk;
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      response.on('error', reject);
    });
    request.on('timeout', () => request.destroy(new Error('timeout')));
    request.on('error', reject);
  });
}
