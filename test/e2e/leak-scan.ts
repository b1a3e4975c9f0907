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
