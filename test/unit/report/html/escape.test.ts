import { describe, expect, it } from 'vitest'
import { escapeHtml } from '../../../../src/report/html/escape.js'

describe('escapeHtml', () => {
  it('escapes the five markup characters', () => {
    expect(escapeHtml(`<script>alert("x" & 'y')</script>`)).toBe('&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;')
    expect(escapeHtml(0.5)).toBe('0.5')
  })
})
