import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type RunningServer } from '../../../examples/http-api/server.js'
import { runCli as run } from './run-cli.js'

// `privacy-gates check` and `audit` on the new target forms: an ONNX file, and HTTP endpoints of
// the example server (which imports the built package: `npm test` builds dist/ first).
const fixtures = fileURLToPath(new URL('../../../fixtures/', import.meta.url))
const httpExample = fileURLToPath(new URL('../../../examples/http-api/privacy-gates.json', import.meta.url))
const TOKEN = 'cli-token-5e7a'

let server: RunningServer
let dir: string
beforeAll(async () => {
  process.env.HTTP_API_TOKEN = TOKEN
  server = await startServer({ config: fileURLToPath(new URL('../../../examples/http-api/server.config.json', import.meta.url)) })
  dir = await mkdtemp(join(tmpdir(), 'pg-cli-targets-'))
})
afterAll(async () => {
  await server?.close()
  await rm(dir, { recursive: true, force: true })
  delete process.env.HTTP_API_URL
})

describe('privacy-gates check / audit on onnx and http targets', () => {
  it('check: an ONNX target passes its gates', async () => {
    const file = join(dir, 'onnx.json')
    await writeFile(
      file,
      JSON.stringify({
        models: {
          'digits-onnx': {
            target: { type: 'onnx', path: join(fixtures, 'models/digits-regularised-onnx/model.onnx') },
            data: { members: join(fixtures, 'data/digits-split/members.csv'), nonMembers: join(fixtures, 'data/digits-split/non-members.csv'), label: 'label', scale: 0.0625 },
            gates: { membershipAuc: { max: 0.6, attack: 'loss' }, cleanAccuracy: { min: 0.9 } },
          },
        },
      }),
    )
    const { code, out, err } = await run(['check', '--config', file])
    expect(code, out + err).toBe(0)
    expect(out).toMatch(/digits-onnx\s+membershipAuc\s+0\.5\d\d\s+< 0\.600\s+error\s+pass/)
  })

  it('check: the raw HTTP endpoint fails (exit 1); the token is never printed', async () => {
    process.env.HTTP_API_URL = server.url
    const { code, out, err } = await run(['check', '--config', httpExample, '--model', 'raw'])
    expect(code, out + err).toBe(1)
    expect(out).toMatch(/raw\s+membershipAuc\s+0\.7\d\d\s+< 0\.600\s+error\s+FAIL/)
    expect(out + err).not.toContain(TOKEN)
  })

  it('audit: a label-only endpoint runs the label attacks and skips the ones that need probabilities', async () => {
    process.env.HTTP_API_URL = server.url
    const { code, out, err } = await run(['audit', '--config', httpExample, '--model', 'label-only', '--attacks', 'label-gap,max-confidence'])
    expect(code, out + err).toBe(0)
    expect(out).toMatch(/label-gap\s+0\.55\d/)
    expect(out).toContain('max-confidence (needs probabilities)')
  })

  it('check: an unset ${NAME} in the url is a configuration error (exit 2) naming the variable', async () => {
    delete process.env.HTTP_API_URL
    const { code, out, err } = await run(['check', '--config', httpExample, '--model', 'raw'])
    expect(code).toBe(2)
    expect(out + err).toContain('the environment variable HTTP_API_URL (in "${HTTP_API_URL}") is not set')
  })
})
