// HTTP targets: one concern per file. Explicit named re-exports only.
export { DEFAULT_CONCURRENCY, DEFAULT_HTTP_BATCH_SIZE, DEFAULT_TIMEOUT_MS, httpTarget } from './http-target.js'
export type { HttpAuth, HttpTargetOptions } from './http-target.js'
export { HttpTargetError, MAX_QUOTED_BODY } from './errors.js'
export type { HttpFailure } from './errors.js'
export { DEFAULT_RETRY, parseRetryAfter } from './retry.js'
export type { RetryOptions } from './retry.js'
export type { CustomRequest, CustomResponse, WireFormatId } from './wire-formats.js'
