import { describe, expect, it } from 'vitest';
import type { ProcessFacts } from '../incidents/host-event.js';
import { detectListenerChanges } from './detect-listener-changes.js';
import type { ListenerState } from './host-snapshot.js';

const nginx = (pid: number): ProcessFacts => ({
  pid,
  name: 'nginx',
  exe: '/usr/sbin/nginx',
  unit: 'nginx.service',
});
const openvpn: ProcessFacts = { pid: 812, name: 'openvpn', exe: '/usr/sbin/openvpn' };

function listening(holders: ProcessFacts[], verdict: 'ok' | 'wrong_listener' = 'ok'): ListenerState {
  return {
    key: '443',
    expectedOwner: 'nginx',
    verdict,
    sockets: ['[::]:443'],
    holders,
    ownerKnown: holders.length > 0,
  };
}
const missing: ListenerState = { ...listening([]), verdict: 'socket_missing', sockets: [] };
const unreadable: ListenerState = { ...listening([]), verdict: 'owner_unknown' };

describe('detectListenerChanges', () => {
  it.each([
    ['nginx keeps :443 with the same pids', listening([nginx(1)]), listening([nginx(1)]), []],
    [
      'nginx restarted: new pids, same program (service_restarted says so)',
      listening([nginx(1)]),
      listening([nginx(9)]),
      [],
    ],
    ['still missing', missing, missing, []],
    ['the holder became unreadable: not a change', listening([nginx(1)]), unreadable, []],
  ])('%s: nothing', (_name, before, after, expected) => {
    expect(detectListenerChanges([before], [after])).toEqual(expected);
  });

  it('names the new holder and the old one when another program took the socket', () => {
    expect(
      detectListenerChanges([listening([nginx(1), nginx(2)])], [listening([openvpn], 'wrong_listener')]),
    ).toEqual([
      {
        type: 'listener_owner_changed',
        listener: '443',
        expectedOwner: 'nginx',
        sockets: ['[::]:443'],
        previous: [nginx(1), nginx(2)],
        current: [openvpn],
        verdict: 'wrong_listener',
      },
    ]);
    expect(
      detectListenerChanges([listening([openvpn], 'wrong_listener')], [listening([nginx(5)])]),
    ).toMatchObject([
      { type: 'listener_owner_changed', verdict: 'ok', previous: [openvpn], current: [nginx(5)] },
    ]);
  });

  it('reports a socket that disappeared with who held it, and one that returned with who holds it now', () => {
    expect(detectListenerChanges([listening([nginx(1)])], [missing])).toEqual([
      { type: 'socket_disappeared', listener: '443', expectedOwner: 'nginx', previous: [nginx(1)] },
    ]);
    expect(detectListenerChanges([missing], [listening([openvpn], 'wrong_listener')])).toEqual([
      {
        type: 'socket_returned',
        listener: '443',
        expectedOwner: 'nginx',
        sockets: ['[::]:443'],
        current: [openvpn],
        ownerKnown: true,
        verdict: 'wrong_listener',
      },
    ]);
  });

  it('never guesses an unreadable holder: a returned socket says its owner is unknown', () => {
    expect(detectListenerChanges([missing], [unreadable])).toMatchObject([
      { type: 'socket_returned', ownerKnown: false, current: [], verdict: 'owner_unknown' },
    ]);
    expect(detectListenerChanges([unreadable], [missing])).toMatchObject([
      { type: 'socket_disappeared', previous: [] },
    ]);
  });

  it('compares a newly read holder with the one last identified, carried while it was unknown', () => {
    const carried = { ...unreadable, lastKnown: [nginx(1)] };
    expect(detectListenerChanges([carried], [listening([nginx(1)])])).toEqual([]);
    expect(detectListenerChanges([carried], [listening([openvpn], 'wrong_listener')])).toMatchObject([
      { type: 'listener_owner_changed', previous: [nginx(1)], current: [openvpn] },
    ]);
    expect(detectListenerChanges([carried], [missing])).toMatchObject([
      { type: 'socket_disappeared', previous: [nginx(1)] },
    ]);
  });

  it('names the first holder ever read as a change from an unknown process', () => {
    expect(detectListenerChanges([unreadable], [listening([openvpn], 'wrong_listener')])).toMatchObject([
      { type: 'listener_owner_changed', previous: [], current: [openvpn], verdict: 'wrong_listener' },
    ]);
  });

  it('says nothing of a listener first expected at this check', () => {
    expect(detectListenerChanges([], [listening([openvpn], 'wrong_listener')])).toEqual([]);
  });
});
