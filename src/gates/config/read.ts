import { readFile } from 'node:fs/promises'
import { describeJsonError, findDuplicateKeys, type DuplicateKey, stripBom } from '../../data/json-text.js'
import { ConfigError, type ConfigIssue } from './validate.js'

// Reading the thresholds file: the text, then the JSON with every position named.

/** The file's text, or a {@link ConfigError} saying what is at the path instead (nothing, a directory). */
export async function readConfigFile(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8')
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    const [issue, sentence] =
      code === 'ENOENT'
        ? ['file not found', 'thresholds file not found (create one with `npx privacy-gates init`)']
        : code === 'EISDIR'
          ? ['expected a JSON file, found a directory', 'expected a thresholds file (JSON), found a directory']
          : [`cannot be read: ${(err as Error).message}`, `cannot read the thresholds file: ${(err as Error).message}`]
    const error = new ConfigError(file, [{ file, pointer: '', message: issue }], `${file}: ${sentence}`)
    error.cause = err
    throw error
  }
}

/**
 * Parses the file's text; a syntax error becomes `<file>:<line>:<col>: JSON syntax error: …`, and
 * a key written twice in one object (`"max": 0.6, "max": 0.99`, or a model name) is an issue at
 * its line and column: `JSON.parse` would keep the last value without a word, loosening a limit or
 * dropping a model.
 */
export function parseConfigText(text: string, file: string): unknown {
  const body = stripBom(text)
  let doc: unknown
  try {
    doc = JSON.parse(body)
  } catch (err) {
    // Node 20's JSON.parse messages carry no line or column: locate the error ourselves.
    let found: ReturnType<typeof describeJsonError>
    try {
      found = describeJsonError(body)
    } catch {
      // The scanner recurses: nesting deep enough to overflow the stack leaves JSON.parse's own words.
      found = undefined
    }
    if (found === undefined) {
      throw new ConfigError(file, [{ file, pointer: '', message: `JSON syntax error: ${(err as Error).message}` }], `${file}: JSON syntax error: ${(err as Error).message}`)
    }
    const error = new ConfigError(
      file,
      [{ file, pointer: '', message: `JSON syntax error at line ${found.line}, column ${found.column}: ${found.detail}` }],
      `${file}:${found.line}:${found.column}: JSON syntax error: ${found.detail}`,
    )
    error.cause = err
    throw error
  }
  const repeated = findDuplicateKeys(body)
  if (repeated.length > 0) throw new ConfigError(file, repeated.map((d) => duplicateIssue(file, d)))
  return doc
}

function duplicateIssue(file: string, d: DuplicateKey): ConfigIssue {
  const where = `line ${d.at.line}, column ${d.at.column}`
  const first = `line ${d.first.line}, column ${d.first.column}`
  const isModel = /^\/models\/[^/]+$/.test(d.pointer)
  return {
    file,
    pointer: d.pointer,
    message: isModel
      ? `${where}: model name ${JSON.stringify(d.key)} is used twice (first at ${first}); only the last one would be read: rename or remove one`
      : `${where}: key ${JSON.stringify(d.key)} is written twice in this object (first at ${first}); only the last value would be read: remove one`,
  }
}
