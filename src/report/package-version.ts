// The version also keys the reference-model cache (runtime), so it is read in the runtime layer.
export { packageVersion } from '../runtime/package-version.js'
