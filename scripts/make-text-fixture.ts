/**
 * `npx tsx scripts/make-text-fixture.ts`: writes the text-shaped fixture — the token data set
 * fixtures/data/text-tokens/{members,non-members}.csv (seeded, synthetic) and the ONNX classifier
 * fixtures/models/text-bag-onnx/model.onnx trained here on the members (int64 `input_ids` and
 * `attention_mask` inputs; see scripts/text-fixture-lib.ts). No Python: the protobuf is written by
 * src/targets/onnx/onnx-graph.ts. Deterministic: the same bytes every run.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { renderTextFixture, TEXT_DATA_DIR, TEXT_MODEL } from './text-fixture-lib.js'

const { bytes, files } = renderTextFixture()
mkdirSync(TEXT_DATA_DIR, { recursive: true })
for (const [name, text] of Object.entries(files)) writeFileSync(join(TEXT_DATA_DIR, name), text)
mkdirSync(dirname(TEXT_MODEL), { recursive: true })
writeFileSync(TEXT_MODEL, bytes)
console.log(`fixtures/data/text-tokens/: ${Object.keys(files).join(', ')}; fixtures/models/text-bag-onnx/model.onnx: ${bytes.length} bytes`)
