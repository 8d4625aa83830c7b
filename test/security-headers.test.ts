// The response headers (helmet), the self-hosted font files and the JSON escaping of the page
// layout, without a database; the browser test checks the same on the running panel.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import express from 'express';
import supertest from 'supertest';
import { fontFiles, securityHeaders } from '../admin/security-headers.ts';
import { scriptJson } from '../admin/page-layout.ts';

function appWith(publicUrl: string) {
  const app = express();
  app.use(securityHeaders(publicUrl));
  app.use('/fonts', fontFiles());
  app.get('/', (_req, res) => void res.send('ok'));
  return app;
}

describe('security headers', () => {
  it('a Content-Security-Policy without third parties, inline scripts or framing; nosniff; Referrer-Policy', async () => {
    const { headers } = await supertest(appWith('http://localhost:3000')).get('/');
    const policy = Object.fromEntries(String(headers['content-security-policy']).split(';').map((d) => {
      const [name, ...values] = d.trim().split(/\s+/);
      return [name, values.join(' ')];
    }));
    assert.deepEqual(policy, {
      'default-src': "'self'", 'script-src': "'self'", 'style-src': "'self' 'unsafe-inline'", 'img-src': "'self' data: blob:",
      'font-src': "'self' data:", 'connect-src': "'self'", 'object-src': "'none'", 'base-uri': "'none'", 'form-action': "'self'",
      'frame-ancestors': "'none'",
    });
    assert.equal(headers['x-content-type-options'], 'nosniff');
    assert.equal(headers['referrer-policy'], 'same-origin');
    assert.equal(headers['x-frame-options'], 'DENY');
    assert.equal(headers['strict-transport-security'], undefined, 'no HSTS for a plain-http installation');
  });

  it('HSTS (and upgraded subresources) when PUBLIC_URL is https', async () => {
    const { headers } = await supertest(appWith('https://portal.example')).get('/');
    assert.equal(headers['strict-transport-security'], 'max-age=31536000');
    assert.match(String(headers['content-security-policy']), /upgrade-insecure-requests/);
  });
});

describe('self-hosted Roboto', () => {
  const app = appWith('http://localhost:3000');
  it('serves the CSS and the font files it names, nothing else of the package', async () => {
    const css = await supertest(app).get('/fonts/400.css');
    assert.equal(css.status, 200);
    assert.match(css.headers['content-type'], /text\/css/);
    const file = /url\(\.\/(files\/roboto-latin-400-normal\.woff2)\)/.exec(css.text)?.[1];
    assert.ok(file, 'the latin file is named');
    const font = await supertest(app).get(`/fonts/${file}`);
    assert.equal(font.status, 200);
    assert.match(font.headers['content-type'], /font\/woff2/);
    for (const other of ['/fonts/package.json', '/fonts/README.md', '/fonts/../package.json', '/fonts/files/', '/fonts/']) {
      assert.equal((await supertest(app).get(other)).status, 404, other);
    }
  });
});

describe('scriptJson', () => {
  it('writes <, >, &, U+2028/2029 as escapes that JSON.parse reads back', () => {
    const value = { title: 'X</script><script>alert(1)</script> & <!-- \u2028\u2029', n: 1 };
    const text = scriptJson(value);
    assert.doesNotMatch(text, /[<>&\u2028\u2029]/);
    assert.ok(text.includes('X\\u003c/script\\u003e'));
    assert.deepEqual(JSON.parse(text), value);
    assert.equal(scriptJson(undefined), 'null');
  });
});
