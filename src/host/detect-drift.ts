import type { ConfigTree } from './collect-nginx-tree.js';
import type { ConfigBaseline } from './config-baseline.js';
import { formatUnifiedDiff } from './format-unified-diff.js';
import { hashConfigTree } from './hash-config-tree.js';

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
  /** unified diff of every changed, added and removed file */
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
  const diff = [
    ...changed.map((p) => formatUnifiedDiff(`a${p}`, `b${p}`, before.get(p) ?? '', after.get(p) ?? '')),
    ...added.map((p) => formatUnifiedDiff('/dev/null', `b${p}`, '', after.get(p) ?? '')),
    ...removed.map((p) => formatUnifiedDiff(`a${p}`, '/dev/null', before.get(p) ?? '', '')),
  ].join('');
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
