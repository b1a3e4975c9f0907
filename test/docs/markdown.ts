/**
 * The few pieces of Markdown the doc tests read: fenced code blocks, the anchors GitHub gives
 * headings, and relative links. Line-based on purpose: the docs use fences at the start of a line
 * and ATX headings only, and a test that understood less would let a block or a link go unchecked.
 */

/** One fenced code block. */
export interface CodeBlock {
  /** The info string's first word (`ts`, `sh`, `json`, `text`), empty when the fence has none. */
  lang: string
  /** The info string's further words (e.g. `fragment`). */
  flags: string[]
  /** The block's text, without the fences. */
  code: string
  /** 1-based line of the opening fence in the Markdown file. */
  line: number
}

/** One inline link `[text](target)` outside code. */
export interface Link {
  target: string
  /** 1-based line of the link in the Markdown file. */
  line: number
}

const FENCE = /^(`{3,}|~{3,})\s*(.*)$/

/** Splits `markdown` into its fenced code blocks and the lines outside them (code lines blanked, so line numbers stay). */
function scan(markdown: string): { blocks: CodeBlock[]; prose: string[] } {
  const lines = markdown.split('\n')
  const blocks: CodeBlock[] = []
  const prose: string[] = []
  let open: { fence: string; info: string; line: number; body: string[] } | undefined
  lines.forEach((text, i) => {
    const fence = FENCE.exec(text)
    if (open) {
      if (fence && fence[1].startsWith(open.fence) && fence[2] === '') {
        const [lang = '', ...flags] = open.info.split(/\s+/).filter(Boolean)
        blocks.push({ lang, flags, code: open.body.join('\n'), line: open.line })
        open = undefined
      } else {
        open.body.push(text)
      }
      prose.push('')
    } else if (fence) {
      open = { fence: fence[1], info: fence[2], line: i + 1, body: [] }
      prose.push('')
    } else {
      prose.push(text)
    }
  })
  if (open) throw new Error(`line ${open.line}: code block is never closed`)
  return { blocks, prose }
}

/** Every fenced code block of `markdown`, in order. Throws when a fence is never closed. */
export function codeBlocks(markdown: string): CodeBlock[] {
  return scan(markdown).blocks
}

/**
 * The anchor GitHub gives a heading: its rendered text lower-cased, every character that is not a
 * letter, digit, space, hyphen or underscore dropped, spaces turned into hyphens.
 */
export function githubSlug(heading: string): string {
  const rendered = heading
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1') // a link shows its text
    .replace(/[`*]/g, '')
  return rendered
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '')
    .replace(/ /g, '-')
}

/** Every anchor a link may target in `markdown`: heading slugs (repeats numbered -1, -2 … as GitHub does) and explicit `id="…"`. */
export function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>()
  const out = new Set<string>()
  for (const text of scan(markdown).prose) {
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(text)
    if (heading) {
      const slug = githubSlug(heading[1])
      const n = seen.get(slug) ?? 0
      seen.set(slug, n + 1)
      out.add(n === 0 ? slug : `${slug}-${n}`)
    }
    for (const id of text.matchAll(/\bid="([^"]+)"/g)) out.add(id[1])
  }
  return out
}

/** Every inline link outside code blocks and inline code spans. */
export function links(markdown: string): Link[] {
  const out: Link[] = []
  scan(markdown).prose.forEach((text, i) => {
    const withoutCode = text.replace(/`[^`]*`/g, '')
    for (const m of withoutCode.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) out.push({ target: m[1], line: i + 1 })
  })
  return out
}
