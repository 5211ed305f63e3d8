import type { NginxDirective } from './nginx-directive.js';
import type { NginxUpstreamBlock, NginxUpstreamTarget, PassDirective } from './nginx-inventory.js';
import { parseUpstreamAddress } from './parse-upstream-address.js';
import { singleArgument } from './single-argument.js';

const PASS_DIRECTIVES: readonly PassDirective[] = ['proxy_pass', 'fastcgi_pass', 'uwsgi_pass', 'grpc_pass'];

/**
 * Every *_pass directive under `directives` (locations, nested locations and `if` blocks included), with
 * the endpoints it reaches: a named upstream block's servers, or the address written.
 */
export function collectPasses(
  directives: NginxDirective[],
  upstreams: NginxUpstreamBlock[],
  location: string | undefined,
  out: NginxUpstreamTarget[],
): void {
  for (const directive of directives) {
    const pass = PASS_DIRECTIVES.find((name) => name === directive.name);
    if (pass !== undefined) {
      const raw = singleArgument(directive);
      const parsed = parseUpstreamAddress(raw, 80);
      const named = upstreams.find((block) => parsed?.name !== undefined && block.name === parsed.name);
      out.push({
        directive: pass,
        raw,
        file: directive.file,
        line: directive.line,
        ...(location === undefined ? {} : { location }),
        ...(named === undefined ? {} : { upstream: named.name }),
        endpoints: named?.endpoints ?? (parsed === undefined ? [] : [parsed.endpoint]),
        dynamic: parsed === undefined,
      });
    }
    if (directive.block !== undefined) {
      const inner = directive.name === 'location' ? directive.args.join(' ') : location;
      collectPasses(directive.block, upstreams, inner, out);
    }
  }
}
