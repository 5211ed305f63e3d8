import { buildConfig } from './build-config.js';
import { checkReferences } from './check-references.js';
import type { FrontdoorConfig } from './config-types.js';
import { countTargets, MAX_TARGETS } from './count-targets.js';
import { decodeUtf8 } from './decode-utf8.js';
import { readSimpleConfig } from './read-simple-config.js';
import { readSimpleYaml } from './read-simple-yaml.js';

/**
 * The configuration in `content` (text, or the file's bytes) when it is plain UTF-8 YAML that is valid as
 * it stands, read without loading the `yaml` package or zod: exactly what parseConfig returns for it as
 * `check` reads it (the daemon's sections ignored; `serve` always reads through parseConfig).
 * Undefined for anything else (bytes that are not UTF-8, an anchor, a key this reader does not know, any
 * mistake, more than MAX_TARGETS targets), which parseConfig then reads and words the errors of.
 * `source` is the file's absolute path.
 */
export function readConfigQuickly(content: string | Uint8Array, source: string): FrontdoorConfig | undefined {
  const decoded = typeof content === 'string' ? { ok: true as const, text: content } : decodeUtf8(content);
  const plain = decoded.ok ? readSimpleYaml(decoded.text) : undefined;
  const raw = plain === undefined ? undefined : readSimpleConfig(plain);
  if (raw === undefined || checkReferences(raw, { daemon: false }).length > 0) return undefined;
  const config = buildConfig(raw, source);
  return countTargets(config) > MAX_TARGETS ? undefined : config;
}
