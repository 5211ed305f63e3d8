import { collectNginxTree } from './collect-nginx-tree.js';
import {
  assertStateDirUsable,
  type ConfigBaseline,
  createBaseline,
  saveBaseline,
} from './config-baseline.js';

/** `frontdoor host baseline`: reads the whole configuration tree now and stores it as the accepted one. */
export async function acceptBaseline(options: {
  nginxConfig: string;
  stateDir: string;
  now?: () => Date;
}): Promise<{ path: string; baseline: ConfigBaseline; unreadable: string[] }> {
  // Refused before the tree is read: the answer cannot depend on the configuration.
  assertStateDirUsable(options.stateDir);
  const tree = await collectNginxTree(options.nginxConfig);
  const baseline = createBaseline(tree, (options.now ?? (() => new Date()))());
  const path = await saveBaseline(options.stateDir, baseline);
  return { path, baseline, unreadable: tree.unreadable };
}
