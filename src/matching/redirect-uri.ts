/**
 * `redirectUri` must start with one of the configured prefixes, compared as URLs rather than strings:
 * `https://app.example.com` must not let `https://app.example.com.evil.test/` through.
 */
export function isRedirectAllowed(redirectUri: string, allowlist: readonly string[]): boolean {
  const target = tryUrl(redirectUri);
  if (!target || target.username || target.password) return false;
  // Encoded dots and slashes may be decoded by the receiving server into a path outside the prefix.
  if (/%2e|%2f|%5c/i.test(target.pathname)) return false;
  return allowlist.some((entry) => {
    const allowed = tryUrl(entry);
    if (!allowed || allowed.origin !== target.origin) return false;
    const base = allowed.pathname.endsWith('/') ? allowed.pathname : `${allowed.pathname}/`;
    return (
      target.pathname === allowed.pathname || target.pathname.startsWith(base) || allowed.pathname === '/'
    );
  });
}

function tryUrl(text: string): URL | undefined {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : undefined;
  } catch {
    return undefined;
  }
}
