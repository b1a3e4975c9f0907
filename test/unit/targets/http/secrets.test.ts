import { describe, expect, it } from 'vitest'
import { redactSecrets, registerSecret, secretQueryValues } from '../../../../src/targets/http/secrets.js'

describe('the redaction registry', () => {
  it('shows a registered value as what it stands for, raw and percent-encoded', () => {
    registerSecret('k3y/with space+plus', '${API_KEY}')
    expect(redactSecrets('raw k3y/with space+plus')).toBe('raw ${API_KEY}')
    expect(redactSecrets('path k3y%2Fwith%20space%2Bplus')).toBe('path ${API_KEY}')
    expect(redactSecrets('query k3y%2Fwith+space%2Bplus')).toBe('query ${API_KEY}')
  })

  it('hides a whole URL from the environment in its normalised form too', () => {
    registerSecret('HTTP://Private-Host.example:8501', '${MODEL_URL}')
    expect(redactSecrets('POST http://private-host.example:8501/v1/models/m:predict')).toBe('POST ${MODEL_URL}/v1/models/m:predict')
  })

  it('redacts extra values as [redacted], longer ones first, and ignores empty ones', () => {
    expect(redactSecrets('Bearer abc123 and abc123', ['abc123', 'Bearer abc123', ''])).toBe('[redacted] and [redacted]')
    expect(redactSecrets('nothing here', [''])).toBe('nothing here')
  })

  it('treats query parameters named like credentials as secrets, and only those', () => {
    const url = new URL('http://h/p?key=a1&api_key=a2&access_token=a3&X-Amz-Signature=a4&sig=a5&client_secret=a6&password=a7&auth=a8&v=2&rows=10&empty_token=')
    expect(secretQueryValues(url)).toEqual(['a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7', 'a8'])
  })
})
