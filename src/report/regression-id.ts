/** The gate id of a regression check's row: `<gate>.regression`. */
export function regressionGateId(gate: string): string {
  return `${gate}.regression`
}

/** Whether a report row is a regression check (compared and kept in the history through its gate, not itself). */
export function isRegressionCheck(gate: string): boolean {
  return gate.endsWith('.regression')
}
