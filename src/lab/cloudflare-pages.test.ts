import { describe, expect, it } from 'vitest';
import {
  createRayId,
  EDGE_ERRORS,
  type EdgeErrorCode,
  edgeHeaders,
  renderEdgeErrorPage,
  renderEdgePlainPage,
} from './cloudflare-pages.js';

describe('createRayId', () => {
  it('is 16 hex digits and the colo, different every time', () => {
    const a = createRayId('FRA');
    expect(a).toMatch(/^[0-9a-f]{16}-FRA$/);
    expect(createRayId('FRA')).not.toBe(a);
  });
});

describe('renderEdgeErrorPage', () => {
  it.each(Object.keys(EDGE_ERRORS).map(Number) as EdgeErrorCode[])(
    '%i names code, title, host and ray',
    (code) => {
      const page = renderEdgeErrorPage(
        code,
        'shop.example.test',
        '0123456789abcdef-AMS',
        new Date('2024-05-06T07:08:09Z'),
      );
      expect(page).toContain(`<title>shop.example.test | ${code}: ${EDGE_ERRORS[code].title}</title>`);
      expect(page).toContain(`Error code ${code}`);
      expect(page).toContain('<strong class="font-semibold">0123456789abcdef</strong>');
      expect(page).toContain('2024-05-06 07:08:09 UTC');
    },
  );

  it('escapes a hostile Host header', () => {
    const page = renderEdgeErrorPage(521, '<script>x</script>', '0123456789abcdef-AMS', new Date());
    expect(page).not.toContain('<script>');
  });

  it('blames the host for origin failures', () => {
    const page = renderEdgeErrorPage(521, 'h', '0123456789abcdef-AMS', new Date());
    expect(page).toMatch(/<h3>Host<\/h3><span class="cf-status text-red-error">Error<\/span>/);
    expect(page).toMatch(/<h3>Cloudflare<\/h3><span class="cf-status text-green-success">Working<\/span>/);
  });
});

describe('edge answers', () => {
  it('carry server: cloudflare and the ray id', () => {
    expect(edgeHeaders('r-AMS')).toMatchObject({ server: 'cloudflare', 'cf-ray': 'r-AMS' });
  });

  it('the bare 502 page is signed "cloudflare" like nginx signs its own', () => {
    expect(renderEdgePlainPage(502)).toContain(
      '<center><h1>502 Bad Gateway</h1></center>\n<hr><center>cloudflare</center>',
    );
  });
});
