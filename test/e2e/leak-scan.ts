import { readFileSync } from 'node:fs'

/**
 * The strings a report would contain if it leaked a record of `csvPath` (header row, label last):
 * its features as read and as scaled, joined by commas and as a JSON array.
 */
export function recordNeedles(csvPath: string, scale: number): string[] {
  const lines = readFileSync(csvPath, 'utf8').trim().split('\n').slice(1)
  return lines.flatMap((line) => {
    const features = line.split(',').slice(0, -1).map(Number)
    const scaled = features.map((v) => v * scale)
    return [features.join(','), JSON.stringify(features), scaled.join(','), JSON.stringify(scaled)]
  })
}

/**
 * The strings that would show a secret leaked: the whole token and every piece of it at least
 * `min` characters long, so a prefix cut off by a quoting limit or a parser's message is caught too.
 */
export function tokenNeedles(token: string, min = 6): string[] {
  const needles = new Set<string>()
  for (let i = 0; i + min <= token.length; i++) for (let j = i + min; j <= token.length; j++) needles.add(token.slice(i, j))
  return [...needles]
}

/** The needles found in `text` (none, when nothing leaked). */
export function leaksIn(text: string, needles: readonly string[]): string[] {
  return needles.filter((n) => text.includes(n))
}
