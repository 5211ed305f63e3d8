import { Document, isMap, isScalar, type Pair, type YAMLMap } from 'yaml';
import { buildFrontdoorConfig, type DraftComment } from './build-frontdoor-config.js';
import type { NginxInventory } from './nginx/nginx-inventory.js';

/** The pair at `path` (a key in nested maps), if the document has one. */
function findPair(document: Document, path: string[]): Pair | undefined {
  let map: unknown = document.contents;
  let pair: Pair | undefined;
  for (const key of path) {
    if (!isMap(map)) return undefined;
    pair = (map as YAMLMap).items.find((item) => isScalar(item.key) && item.key.value === key);
    map = pair?.value;
  }
  return pair;
}

function attach(document: Document, comment: DraftComment): void {
  const pair = findPair(document, comment.path);
  if (pair === undefined) return;
  const text = ` ${comment.text}`;
  if (comment.inline === true && isScalar(pair.value)) {
    pair.value.comment = text;
    return;
  }
  if (isScalar(pair.key)) {
    pair.key.commentBefore =
      pair.key.commentBefore === undefined ? text : `${pair.key.commentBefore}\n${text}`;
  }
}

/** The drafted frontdoor configuration as YAML, with a header saying where it came from and what to edit. */
export function renderDraftConfig(inventory: NginxInventory): string {
  const draft = buildFrontdoorConfig(inventory);
  const header = [
    `# frontdoor configuration drafted from ${inventory.mainFile} by 'frontdoor discover nginx'.`,
    '# Origins of wildcard listens point at this box over loopback; use its public address to probe from elsewhere.',
    '# Wildcard and regex server names cannot be probed as such: add concrete hostnames to aliases.',
    ...draft.skipped.map((reason) => `# left out ${reason}`),
    '',
  ].join('\n');
  const document = new Document(draft.document);
  for (const comment of draft.comments) attach(document, comment);
  return header + document.toString();
}
