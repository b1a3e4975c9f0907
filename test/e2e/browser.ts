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

/** A report page opened in headless Chromium, with what it complained about and what it fetched. */
export interface OpenedPage {
  page: import('playwright-core').Page
  /** Console errors and warnings, and uncaught page errors. */
  problems: string[]
  /** Every URL the page requested (the file itself included). */
  requests: string[]
  close(): Promise<void>
}

/** Opens `file` in headless Chromium (1200 × 900) and records its console problems and requests. */
export async function openInChromium(file: string): Promise<OpenedPage> {
  const { chromium } = await import('playwright-core')
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS })
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } })
    const problems: string[] = []
    const requests: string[] = []
    page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`) })
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`))
    page.on('request', (r) => requests.push(r.url()))
    await page.goto(`file://${file}`, { waitUntil: 'load' })
    return { page, problems, requests, close: () => browser.close() }
  } catch (e) {
    await browser.close()
    throw e
  }
}
