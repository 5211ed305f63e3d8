import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { FrontdoorError } from '../errors.js';

export interface CheckedSite {
  url: string;
  aliases: string[];
}

/**
 * Reads the sites of a frontdoor configuration for a coverage comparison: each site's url and aliases.
 * TODO(config): switch to loadConfig from src/config/load-config.ts once it lands, for its positioned errors.
 */
export async function readAgainstConfig(path: string): Promise<Record<string, CheckedSite>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new FrontdoorError('FD_ERR_CONFIG_READ', `cannot read ${path}: ${String(code ?? error)}`, {
      cause: error,
    });
  }
  let document: unknown;
  try {
    document = parse(text);
  } catch (error) {
    const message = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
    throw new FrontdoorError('FD_ERR_CONFIG_SYNTAX', `${path}: ${message}`, { cause: error });
  }
  const sites = (document as { sites?: unknown } | null)?.sites ?? {};
  const out: Record<string, CheckedSite> = {};
  for (const [name, site] of Object.entries(sites as Record<string, { url?: unknown; aliases?: unknown }>)) {
    if (typeof site?.url !== 'string' || !URL.canParse(site.url)) {
      throw new FrontdoorError('FD_ERR_CONFIG_SCHEMA', `${path}: sites.${name}.url: expected an http(s) URL`);
    }
    const aliases = Array.isArray(site.aliases)
      ? site.aliases.filter((alias) => typeof alias === 'string')
      : [];
    out[name] = { url: site.url, aliases };
  }
  return out;
}
