import type { ConfigTree } from './collect-nginx-tree.js';
import type { ConfigBaseline } from './config-baseline.js';
import { formatUnifiedDiff } from './format-unified-diff.js';
import { hashConfigTree } from './hash-config-tree.js';

/**
 * Lines of unified diff a drift report shows. A rewritten 20,000-line include would otherwise print
 * 40,000 lines into a terminal or a JSON document; the files named above the diff say what else changed.
 */
export const MAX_DIFF_LINES = 2000;

/** The diffs joined, cut after `maxLines` lines with a last line saying how much was left out. */
export function capDiff(diffs: readonly string[], maxLines = MAX_DIFF_LINES): string {
  const shown: string[] = [];
  let left = 0;
  let filesLeft = 0;
  for (const diff of diffs) {
    const lines = diff.split('\n');
    if (lines.at(-1) === '') lines.pop();
    const room = maxLines - shown.length;
    if (room >= lines.length) {
      for (const line of lines) shown.push(line);
      continue;
    }
    for (const line of lines.slice(0, room)) shown.push(line);
    left += lines.length - room;
    filesLeft += 1;
  }
  if (shown.length === 0) return '';
  const note =
    left === 0
      ? []
      : [
          `[diff cut at ${maxLines} lines: ${left} more in ${filesLeft} ${filesLeft === 1 ? 'file' : 'files'}; compare the files themselves]`,
        ];
  return `${[...shown, ...note].join('\n')}\n`;
}

/** The configuration tree compared with its accepted baseline. */
export interface DriftReport {
  verdict: 'ok' | 'config_drift';
  mainPath: string;
  sha256: string;
  files: string[];
  /** includes naming a file that could not be read */
  unreadable: string[];
  /** files that do not parse: nginx -t will say the same */
  parseErrors: string[];
  baseline?: { sha256: string; acceptedAt: string };
  changed: string[];
  added: string[];
  removed: string[];
  /** unified diff of every changed, added and removed file, cut after MAX_DIFF_LINES lines */
  diff: string;
  summary: string;
}

/** Pure: no baseline is not drift (there is nothing to drift from), only a reason to accept one. */
export function detectDrift(tree: ConfigTree, baseline: ConfigBaseline | undefined): DriftReport {
  const sha256 = hashConfigTree(tree);
  const base = {
    mainPath: tree.mainPath,
    sha256,
    files: tree.files.map((f) => f.path),
    unreadable: tree.unreadable,
    parseErrors: tree.parseErrors,
  };
  const empty = { changed: [], added: [], removed: [], diff: '' };
  if (baseline === undefined) {
    return {
      ...base,
      ...empty,
      verdict: 'ok',
      summary: `no baseline for ${tree.mainPath} yet: run 'frontdoor host baseline' to accept the current ${tree.files.length} files`,
    };
  }
  const accepted = { sha256: baseline.sha256, acceptedAt: baseline.acceptedAt };
  if (baseline.sha256 === sha256) {
    return {
      ...base,
      ...empty,
      baseline: accepted,
      verdict: 'ok',
      summary: `${tree.files.length} files match the baseline accepted ${baseline.acceptedAt}`,
    };
  }
  const before = new Map(baseline.files.map((f) => [f.path, f.content]));
  const after = new Map(tree.files.map((f) => [f.path, f.content]));
  const changed = [...after.keys()].filter((p) => before.has(p) && before.get(p) !== after.get(p));
  const added = [...after.keys()].filter((p) => !before.has(p));
  const removed = [...before.keys()].filter((p) => !after.has(p));
  const diff = capDiff([
    ...changed.map((p) => formatUnifiedDiff(`a${p}`, `b${p}`, before.get(p) ?? '', after.get(p) ?? '')),
    ...added.map((p) => formatUnifiedDiff('/dev/null', `b${p}`, '', after.get(p) ?? '')),
    ...removed.map((p) => formatUnifiedDiff(`a${p}`, '/dev/null', before.get(p) ?? '', '')),
  ]);
  const parts = [
    changed.length > 0 ? `${changed.length} changed` : '',
    added.length > 0 ? `${added.length} added` : '',
    removed.length > 0 ? `${removed.length} removed` : '',
  ].filter((p) => p !== '');
  return {
    ...base,
    baseline: accepted,
    verdict: 'config_drift',
    changed,
    added,
    removed,
    diff,
    summary:
      `${tree.mainPath} drifted from the baseline accepted ${baseline.acceptedAt} (${parts.join(', ') || 'files renamed'}): ` +
      `review the diff, then accept it with 'frontdoor host baseline' or restore the files`,
  };
}
