import { describe, expect, it } from 'vitest';
import { readPort } from './read-port.js';

describe('readPort', () => {
  it.each([
    ['1', 1],
    ['80', 80],
    ['0443', 443],
    ['65535', 65_535],
  ])('reads %j as %d', (text, port) => {
    expect(readPort(text)).toBe(port);
  });

  it.each(['', '0', '65536', '000080', '-1', '+80', '80 ', '8e3', '0x50', 'http'])('refuses %j', (text) => {
    expect(readPort(text)).toBeUndefined();
  });
});
