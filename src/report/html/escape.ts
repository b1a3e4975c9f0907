/**
 * Escapes text for HTML and SVG content and attribute values (`&`, `<`, `>`, `"`, `'`), so a model
 * name, test name or runbook line can never inject markup into a report.
 */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => ESCAPES[c] as string)
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }
