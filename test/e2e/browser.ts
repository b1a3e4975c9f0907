import { existsSync } from 'node:fs'

/** Debian's Chromium (`apt-get install -y chromium`); `PRIVACY_GATES_CHROMIUM` points elsewhere. */
export const CHROMIUM = process.env.PRIVACY_GATES_CHROMIUM ?? '/usr/bin/chromium'

/** Why a browser test cannot run here, or undefined when Chromium is installed. */
export function chromiumMissing(): string | undefined {
  return existsSync(CHROMIUM) ? undefined : `Chromium not found at ${CHROMIUM} (install it with \`apt-get install -y chromium\`, or set PRIVACY_GATES_CHROMIUM)`
}

/** Launch flags for headless Chromium in a container, offline (NOTES.md). */
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
]

/** What a rendered chart shows, as read in the browser. */
export interface RenderedChart {
  id: string
  /** Drawn length (px) of each data path (`path.series`). */
  seriesLengths: number[]
  width: number
  height: number
  texts: number
}
