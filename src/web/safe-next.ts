/** A local path to return to after signing in (never another site: "//host" and "/\\host" are refused). */
export function safeNext(value: string | undefined): string | undefined {
  if (!value) return undefined;
  let path: string;
  try {
    const url = new URL(value, 'http://local');
    if (url.origin !== 'http://local' && !/^https?:\/\//.test(value)) return undefined;
    path = url.pathname + url.search;
  } catch {
    return undefined;
  }
  return path.startsWith('/') && !path.startsWith('//') && !path.startsWith('/\\') ? path : undefined;
}
