import { describe, expect, it } from 'vitest'
import { registerSecret } from '../../../../src/targets/http/secrets.js'
import { displayUrl, parseTargetUrl } from '../../../../src/targets/http/url.js'

const TOKEN = 'tok-Q7f3Zx9LmP2wK8vB'

describe('parseTargetUrl', () => {
  it('refuses user info, saying to pass the secret with auth.env, without printing it', () => {
    for (const url of [`http://user:${TOKEN}@127.0.0.1:8501/v1`, `https://${TOKEN}@api.example.com/score`]) {
      let message = ''
      try {
        parseTargetUrl(url, 'httpTarget: options.url')
      } catch (e) {
        message = (e as Error).message
      }
      expect(message).toMatch(/^httpTarget: options\.url: the URL holds credentials \(a user name or password before "@"\); .*auth: \{ env: "MODEL_API_TOKEN" \}/)
      expect(message).not.toContain(TOKEN.slice(0, 8))
      expect(message).not.toContain('user:')
    }
  })

  it('quotes a URL that does not parse without its user info or query', () => {
    expect(() => parseTargetUrl(`//u:${TOKEN}@host/p?key=${TOKEN}`, 'u')).toThrow('u: expected an absolute http(s) URL, found "//host/p?…"')
    expect(() => parseTargetUrl('ftp://h/x', 'u')).toThrow('u: expected an http: or https: URL, found the protocol "ftp:"')
  })
})

describe('displayUrl', () => {
  it('drops user info and the query string, and shows values from the environment as their placeholder', () => {
    registerSecret('private-host.internal:8443', '${MODEL_HOST}')
    expect(displayUrl(new URL(`https://private-host.internal:8443/v1/models/m:predict?key=${TOKEN}`))).toBe('https://${MODEL_HOST}/v1/models/m:predict')
  })
})
