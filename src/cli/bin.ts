#!/usr/bin/env node
/** The `privacy-gates` binary. All logic lives in `cli/`; this file only runs it. */
import { main } from './main.js'
import { guardProcess } from './process-guards.js'

guardProcess()
process.exitCode = await main(process.argv.slice(2))
