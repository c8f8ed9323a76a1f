import { describe, expect, it } from 'vitest';
import { isRedirectAllowed } from '../../src/matching/redirect-uri.js';

describe('isRedirectAllowed — an origin prefix (https://app.example.com)', () => {
  const allowlist = ['https://app.example.com'];

  it.each([
    'https://app.example.com',
    'https://app.example.com/',
    'https://app.example.com/any/path?x=1#frag',
    'https://APP.Example.COM/cb', // host names are case-insensitive
    'https://app.example.com:443/cb', // the default port is the same origin
  ])('allows %s', (uri) => {
    expect(isRedirectAllowed(uri, allowlist)).toBe(true);
  });

  it.each([
    ['another host that starts with the same text', 'https://app.example.com.evil.test/x'],
    ['a host that merely ends with it', 'https://evilapp.example.com/'],
    ['a user name before the host', 'https://user@app.example.com/'],
    ['user and password before the host', 'https://user:pass@app.example.com/cb'],
    ['the allowed host as user info', 'https://app.example.com@evil.test/'],
    ['another scheme', 'http://app.example.com/'],
    ['another port', 'https://app.example.com:8443/'],
    ['a scheme-relative URL', '//app.example.com/'],
    ['a relative path', '/cb'],
    ['not a URL', 'app.example.com'],
    ['javascript:', 'javascript:alert(1)'],
    ['data:', 'data:text/html,<script>alert(1)</script>'],
    ['an empty string', ''],
  ])('refuses %s (%s)', (_label, uri) => {
    expect(isRedirectAllowed(uri, allowlist)).toBe(false);
  });
});

describe('isRedirectAllowed — a path prefix (https://app.example.com/cb)', () => {
  const allowlist = ['https://app.example.com/cb'];

  it.each([
    'https://app.example.com/cb',
    'https://app.example.com/cb/',
    'https://app.example.com/cb/x',
    'https://app.example.com/cb/x/y?state=1#f',
    'https://app.example.com/cb?state=1',
  ])('allows %s', (uri) => {
    expect(isRedirectAllowed(uri, allowlist)).toBe(true);
  });

  it.each([
    'https://app.example.com/cbx',
    'https://app.example.com/cb-evil',
    'https://app.example.com/',
    'https://app.example.com/other/cb',
    'https://app.example.com/CB', // paths are case-sensitive
    'https://app.example.com/cb/../admin', // dot segments are resolved before comparing
    'https://app.example.com/cb/%2e%2e/admin',
    'https://app.example.com.evil.test/cb',
    'https://user@app.example.com/cb',
    'http://app.example.com/cb',
  ])('refuses %s', (uri) => {
    expect(isRedirectAllowed(uri, allowlist)).toBe(false);
  });
});

describe('isRedirectAllowed — the allow-list', () => {
  it('allows nothing when empty', () => {
    expect(isRedirectAllowed('https://app.example.com/cb', [])).toBe(false);
  });

  it('allows a URI matching any entry', () => {
    const allowlist = ['https://a.example.com/cb', 'https://b.example.com/return'];
    expect(isRedirectAllowed('https://a.example.com/cb/1', allowlist)).toBe(true);
    expect(isRedirectAllowed('https://b.example.com/return', allowlist)).toBe(true);
    expect(isRedirectAllowed('https://b.example.com/cb', allowlist)).toBe(false);
  });

  it('skips entries that are not http(s) URLs', () => {
    expect(isRedirectAllowed('https://app.example.com/x', ['not a url', 'https://app.example.com/'])).toBe(
      true,
    );
    expect(isRedirectAllowed('javascript:alert(1)', ['javascript:alert(1)'])).toBe(false);
  });

  it('treats an entry with a trailing slash as a folder', () => {
    const allowlist = ['https://app.example.com/cb/'];
    expect(isRedirectAllowed('https://app.example.com/cb/x', allowlist)).toBe(true);
    expect(isRedirectAllowed('https://app.example.com/cbx', allowlist)).toBe(false);
  });

  it('allows a plain-http entry for plain http only', () => {
    const allowlist = ['http://localhost:3000/cb'];
    expect(isRedirectAllowed('http://localhost:3000/cb/done', allowlist)).toBe(true);
    expect(isRedirectAllowed('http://localhost:3001/cb', allowlist)).toBe(false);
    expect(isRedirectAllowed('https://localhost:3000/cb', allowlist)).toBe(false);
  });
});

describe('encoded path tricks', () => {
  it.each([
    'https://app.example.com/cb/..%2fadmin',
    'https://app.example.com/cb/%2E%2E/admin',
    'https://app.example.com/cb/..%5cadmin',
  ])('refuses %s', (uri) => {
    expect(isRedirectAllowed(uri, ['https://app.example.com/cb'])).toBe(false);
  });
});
