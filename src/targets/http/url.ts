import { redactSecrets } from './secrets.js'

/**
 * The endpoint URL of an HTTP target, checked: absolute, `http:` or `https:`, and without user info.
 * `user:password@host` is refused rather than sent: credentials in a URL end up in logs, proxies
 * and error messages (fetch itself rejects them, quoting the whole URL). Messages never quote the
 * URL with a secret in it: values registered as secrets and the user info are left out.
 *
 * @example
 * parseTargetUrl('http://127.0.0.1:8501', 'httpTarget: options.url').host // '127.0.0.1:8501'
 * parseTargetUrl('http://u:tok@h/', 'httpTarget: options.url')            // throws: use auth.env
 */
export function parseTargetUrl(raw: unknown, where: string): URL {
  if (typeof raw !== 'string' || !URL.canParse(raw)) {
    const found = typeof raw === 'string' ? JSON.stringify(redactSecrets(quotable(raw))) : typeof raw
    throw new TypeError(`${where}: expected an absolute http(s) URL, found ${found}`)
  }
  const url = new URL(raw)
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError(`${where}: expected an http: or https: URL, found the protocol ${JSON.stringify(url.protocol)}`)
  }
  if (url.username !== '' || url.password !== '') {
    throw new TypeError(
      `${where}: the URL holds credentials (a user name or password before "@"); they would be printed wherever the URL is. ` +
        'Pass the secret in a header read from an environment variable instead: auth: { env: "MODEL_API_TOKEN" } ' +
        '(sends Authorization: Bearer <secret>; add header and scheme for another header, e.g. { env: "K", header: "x-api-key" })',
    )
  }
  return url
}

/**
 * The endpoint as messages show it: origin and path, never the query string or user info (either
 * may hold a credential), with registered secrets (values substituted from the environment)
 * replaced by what they stand for.
 *
 * @example
 * displayUrl(new URL('https://u:p@host/v1/models/m:predict?key=s')) // 'https://host/v1/models/m:predict'
 */
export function displayUrl(url: URL): string {
  return redactSecrets(`${url.origin}${url.pathname}`)
}

/** A URL that does not parse, for quoting: without user info, query string or fragment. */
function quotable(raw: string): string {
  const noQuery = raw.replace(/[?#].*$/s, (rest) => (rest === '' ? '' : '?…'))
  return noQuery.replace(/^([a-z][a-z0-9+.-]*:)?\/\/[^/?#]*@/i, '$1//')
}
