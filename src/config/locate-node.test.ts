import { describe, expect, it } from 'vitest';
import { LineCounter, parseDocument } from 'yaml';
import type { PathSegment } from './config-issue.js';
import { locateNode } from './locate-node.js';

const TEXT = `origins:
  web1: 10.0.0.1
sites:
  shop:
    url:
    origins: [web1, web2]
    expect: &e { status: 200 }
  blog:
    expect: *e
`;

function position(path: PathSegment[], at?: 'key' | 'value'): string {
  const lineCounter = new LineCounter();
  const doc = parseDocument(TEXT, { lineCounter });
  const { line, col } = lineCounter.linePos(locateNode(doc, path, at));
  return `${line}:${col}`;
}

describe('locateNode', () => {
  it.each<[PathSegment[], 'key' | 'value' | undefined, string]>([
    [['origins', 'web1'], undefined, '2:9'],
    [['origins', 'web1'], 'key', '2:3'],
    [['sites', 'shop', 'origins', 1], undefined, '6:21'],
    [['sites', 'shop', 'url'], undefined, '5:5'], // empty value: its key
    [['sites', 'shop', 'method'], undefined, '5:5'], // missing key: the map that should hold it
    [['sites', 'shop', 'origins', 7], undefined, '6:14'], // missing item: the list
    [['sites', 'blog', 'expect', 'status'], undefined, '7:26'], // through the alias to the anchored value
    [[], undefined, '1:1'],
  ])('%j (%s) -> %s', (path, at, expected) => {
    expect(position(path, at)).toBe(expected);
  });
});
