// Query governance (issue 6 item 4): log, rate limit, PRADA detector; as a target wrapper or middleware.
export { governed, QueryRefusedError, type GovernedOptions, type GovernedTarget } from './governed.js'
export { createGovernor, type Admission, type ClientReport, type Governor, type GovernorOptions, type RowsInput } from './governor.js'
export { createPrada, PRADA_DELTA, PRADA_MIN_DISTANCES, type Prada, type PradaOptions, type PradaState } from './prada.js'
export { hashRows, type QueryLogEntry } from './query-log.js'
export { createTokenBucket, type RateLimit, type TakeResult, type TokenBucket } from './token-bucket.js'
