/**
 * A browser without a browser, for HTTP tests of the web app: keeps cookies (a jar of name → value, as the server
 * set them), follows nothing by itself, and reads a page's CSRF token from its forms' hidden `_csrf` field.
 */
export class WebClient {
  readonly cookies = new Map<string, string>();

  constructor(readonly baseUrl: string) {}

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private remember(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const i = pair.indexOf('=');
      const name = pair.slice(0, i).trim();
      const value = pair.slice(i + 1).trim();
      const expired = attributes.some((a) => /^\s*expires=Thu, 01 Jan 1970/i.test(a)) || value === '';
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async get(path: string): Promise<{ status: number; html: string; location: string | null }> {
    const res = await fetch(this.baseUrl + path, { headers: { cookie: this.cookieHeader() }, redirect: 'manual' });
    this.remember(res);
    return { status: res.status, html: await res.text(), location: res.headers.get('location') };
  }

  /** Posts a url-encoded form; `csrf` is sent as `_csrf` unless null. */
  async post(
    path: string,
    fields: Record<string, string | string[]>,
    csrf: string | null,
  ): Promise<{ status: number; html: string; location: string | null }> {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(fields)) for (const item of Array.isArray(v) ? v : [v]) body.append(k, item);
    if (csrf !== null) body.append('_csrf', csrf);
    const res = await fetch(this.baseUrl + path, {
      method: 'POST',
      headers: { cookie: this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
      body: body.toString(),
      redirect: 'manual',
    });
    this.remember(res);
    return { status: res.status, html: await res.text(), location: res.headers.get('location') };
  }

  /** The CSRF token of the first form on a page. */
  static csrfOf(html: string): string {
    const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
    if (!token) throw new Error('web-client: no _csrf field on the page');
    return token;
  }

  /** GETs `path` and posts `fields` with the page's CSRF token. */
  async submit(formPage: string, action: string, fields: Record<string, string | string[]>) {
    const page = await this.get(formPage);
    return this.post(action, fields, WebClient.csrfOf(page.html));
  }

  async signIn(email: string, password: string): Promise<void> {
    const res = await this.submit('/sign-in', '/sign-in', { email, password });
    if (res.status !== 303) throw new Error(`web-client: sign-in answered ${res.status}`);
  }
}
