import { describe, expect, it } from 'vitest';
import type { ListenerResult } from './check-listeners.js';
import { compareServices } from './check-services.js';
import type { UnitState } from './systemd-units.js';

const result = (
  verdict: ListenerResult['verdict'],
  holders: ListenerResult['holders'] = [],
): ListenerResult => ({
  key: '443',
  owner: 'nginx',
  verdict,
  layer: verdict === 'ok' ? '-' : 'host',
  summary: '',
  evidence: [],
  sockets: [],
  holders,
  ownerKnown: holders.length > 0,
});
const state = (activeState: string, subState: string, mainPid = 0): UnitState => ({
  unit: 'nginx.service',
  loadState: 'loaded',
  activeState,
  subState,
  mainPid,
});
const squatter = { pid: 812, name: 'tailscaled', cmdline: [], unit: 'tailscaled.service' };

describe('compareServices', () => {
  it('flags a failed unit while another process holds its port (incident 000)', () => {
    const [row] = compareServices([
      {
        result: result('wrong_listener', [squatter]),
        unit: 'nginx.service',
        state: state('failed', 'failed'),
      },
    ]);
    expect(row?.consistent).toBe(false);
    expect(row?.summary).toBe(
      'nginx.service is failed (failed) while it lost 443 to tailscaled (pid 812, tailscaled.service): nginx could not bind on restart',
    );
  });

  it('flags an active unit whose socket is missing (incident 003)', () => {
    const [row] = compareServices([
      { result: result('socket_missing'), unit: 'nginx.service', state: state('active', 'running', 42) },
    ]);
    expect(row?.consistent).toBe(false);
    expect(row?.summary).toContain(
      'nginx.service is active (running, main pid 42) but nothing listens on 443',
    );
  });

  it('agrees when the unit is active and its process listens', () => {
    const [row] = compareServices([
      { result: result('ok', [squatter]), unit: 'nginx.service', state: state('active', 'running', 1) },
    ]);
    expect(row?.consistent).toBe(true);
  });

  it('flags an inactive unit while something this user cannot see holds its port', () => {
    const rows = compareServices([
      { result: result('owner_unknown'), unit: 'nginx.service', state: state('failed', 'failed') },
      { result: result('owner_unknown'), unit: 'nginx.service', state: state('active', 'running', 7) },
    ]);
    expect(rows.map((r) => r.consistent)).toEqual([false, true]);
    expect(rows[0]?.summary).toBe(
      'nginx.service is failed (failed) yet something this user cannot see holds 443: run as root to name it',
    );
  });

  it('does not judge units systemd does not know or could not report', () => {
    const missing = { ...state('inactive', 'dead'), loadState: 'not-found' };
    const rows = compareServices([
      { result: result('socket_missing'), unit: 'nginx.service', state: missing },
      { result: result('socket_missing'), unit: 'nginx.service', state: undefined },
    ]);
    expect(rows.map((r) => r.consistent)).toEqual([true, true]);
  });
});
