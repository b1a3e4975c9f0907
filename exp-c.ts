import { initBackend, activeBackend } from './src/runtime/backend.js'
import { tf } from './src/runtime/tf.js'
try { const b = await initBackend(); console.log('backend', b, activeBackend(), await initBackend()); tf.tensor([1,2]).square().print() } catch (e) { console.log('ERR', (e as Error).message) }
