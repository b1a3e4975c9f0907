/**
 * The one redaction registry of the process: values that must never be printed or written, each
 * with what to show instead. Values substituted from the environment into a thresholds-file URL
 * (`${NAME}`) are registered here when the target is built, and every message of an HTTP target
 * passes through {@link redactSecrets} before it is thrown or logged. A module-level map, because
 * the substitution and the messages happen in different places of one process (a Vitest worker or
 * the CLI) and must agree.
 */
const registry = new Map<string, string>()

/** What a redacted value is shown as when it has no name of its own. */
export const REDACTED = '[redacted]'

/**
 * Query parameters (and extra headers) whose names look like they carry a credential: their values
 * are treated as secrets (`?key=…`, `?access_token=…`, `?X-Amz-Signature=…`, `?sig=…`,
 * `?client_secret=…`, `x-api-key: …`).
 */
export const SECRET_PARAM_NAME = /key|token|secret|pass|pwd|sig|auth|credential|session|jwt|cookie|bearer/i

/**
 * Registers `value` as a secret: from now on {@link redactSecrets} shows it as `shownAs` (default
 * {@link REDACTED}), in its raw form and as it appears once percent-encoded in a URL. Empty values
 * are ignored.
 *
 * @example
 * registerSecret('tok-123', '${API_TOKEN}')
 * redactSecrets('bad key tok-123') // 'bad key ${API_TOKEN}'
 */
export function registerSecret(value: string, shownAs: string = REDACTED): void {
  for (const form of urlForms(value)) if (!registry.has(form)) registry.set(form, shownAs)
}

/**
 * `text` with every registered secret and every one of `extra` (shown as {@link REDACTED}) replaced.
 * Longer values are replaced first, so a secret that contains another is hidden whole.
 *
 * @example
 * redactSecrets('token abc123 rejected', ['abc123']) // 'token [redacted] rejected'
 */
export function redactSecrets(text: string, extra: readonly string[] = []): string {
  const pairs: Array<[string, string]> = [...registry]
  for (const s of extra) for (const form of urlForms(s)) pairs.push([form, REDACTED])
  pairs.sort((a, b) => b[0].length - a[0].length)
  let out = text
  for (const [value, shownAs] of pairs) if (value !== '') out = out.split(value).join(shownAs)
  return out
}

/**
 * The values of `url`'s query parameters whose names look secret ({@link SECRET_PARAM_NAME}).
 *
 * @example
 * secretQueryValues(new URL('http://h/p?key=abc&v=2')) // ['abc']
 */
export function secretQueryValues(url: URL): string[] {
  const values: string[] = []
  for (const [name, value] of url.searchParams) if (SECRET_PARAM_NAME.test(name) && value !== '') values.push(value)
  return values
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]'])

/** A value as written and as a URL holds it (percent-encoded, or `+` for spaces in a query). */
function urlForms(value: string): string[] {
  if (value === '') return []
  const forms = new Set([value, encodeURIComponent(value), encodeURI(value), new URLSearchParams({ v: value }).toString().slice(2)])
  // A whole URL from the environment is normalised by the URL parser (host lower-cased, default
  // port dropped): hide that form too, without the slash the parser adds, so paths after it stay.
  // `http:` or `8501` alone would also parse as URLs, but have no parts worth hiding.
  if (URL.canParse(value)) {
    const url = new URL(value)
    forms.add(url.href.replace(/\/+$/, ''))
    // Its parts may be echoed alone: a server quoting the path it was asked for, a connection error
    // naming host:port, a DNS error naming the host (a loopback host reveals nothing, and hiding
    // it would garble every local message). User info needs nothing: such a URL is refused unsent.
    const hostname = LOOPBACK.has(url.hostname) ? '' : url.hostname
    for (const part of [url.host, hostname, url.pathname === '/' ? '' : url.pathname.replace(/\/+$/, ''), ...url.searchParams.values()]) {
      if (part !== '') forms.add(part)
    }
  }
  return [...forms]
}
