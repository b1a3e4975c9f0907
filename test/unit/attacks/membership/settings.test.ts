import { describe, expect, it } from 'vitest'
import { checkAttackSettings } from '../../../../src/attacks/membership/settings.js'
import { validateConfig } from '../../../../src/gates/config/validate.js'

describe('checkAttackSettings (API options checked by the schema the thresholds file uses)', () => {
  it('returns valid settings as given, and {} for none', () => {
    const s = { k: 8, hidden: [32, 16], epochs: 3, learningRate: 0.01, workers: 2, fixedVariance: true, a: 0.5, noise: 0.2, copies: 4 }
    expect(checkAttackSettings(s)).toBe(s)
    expect(checkAttackSettings(undefined)).toEqual({})
  })

  it('names settings.<key> (and settings.hidden[i]) with the words of the file\'s validator', () => {
    for (const [settings, path] of [[{ k: 0 }, 'k'], [{ a: 1.5 }, 'a'], [{ hidden: [8, 0] }, 'hidden/1'], [{ fixedVariance: 'yes' }, 'fixedVariance']] as const) {
      const file = validateConfig({ defaults: { attackSettings: settings }, models: { m: { target: { type: 'tfjs', path: 'm.json' }, data: {} } } }, 'f.json')
      expect(file).toHaveLength(1)
      expect(file[0].pointer).toBe(`/defaults/attackSettings/${path}`)
      const apiPath = path.replace(/\/(\d+)$/, '[$1]')
      expect(() => checkAttackSettings(settings)).toThrow(`settings.${apiPath}: ${file[0].message}`)
    }
  })

  it('throws a TypeError for a wrong type or an unknown key, a RangeError for a value out of bounds', () => {
    expect(() => checkAttackSettings({ kk: 4 })).toThrow(new TypeError('settings.kk: unknown key "kk"; did you mean "k"?'))
    expect(() => checkAttackSettings({ perClass: 1 })).toThrow(TypeError)
    expect(() => checkAttackSettings({ gamma: 0 })).toThrow(new RangeError('settings.gamma: expected a number > 0, found 0'))
    expect(() => checkAttackSettings(null)).toThrow(new TypeError('settings: expected an object, found null'))
    expect(() => checkAttackSettings([1])).toThrow(new TypeError('settings: expected an object, found an array of length 1'))
  })
})
