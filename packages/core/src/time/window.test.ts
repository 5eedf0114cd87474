import { describe, expect, it } from '@jest/globals'
import { readTimeWindow } from './window.js'

const now = new Date('2026-11-27T12:00:00Z')
const flag = (setBy: string) => (value: string) => ({ value, setBy })
const since = flag('--since')
const until = flag('--until')

describe('readTimeWindow', () => {
  it('reads a window in the past', () => {
    expect(readTimeWindow({ since: since('1h'), until: until('15m') }, { now })).toEqual({
      since: new Date('2026-11-27T11:00:00Z'),
      until: new Date('2026-11-27T11:45:00Z'),
    })
  })

  it('refuses a start in the future, saying how far', () => {
    expect(() => readTimeWindow({ since: since('2026-11-28T12:00:00Z') }, { now })).toThrow(
      '--since "2026-11-28T12:00:00Z" is in the future (1d from now); nothing has been logged there yet.',
    )
    expect(() => readTimeWindow({ since: since('+5m') }, { now })).toThrow(/in the future \(5m from now\)/)
  })

  it('refuses a start after the end, in the words every command uses', () => {
    expect(() => readTimeWindow({ since: since('2026-11-27'), until: until('2026-11-26') }, { now })).toThrow(
      '--since (2026-11-27) is after --until (2026-11-26).',
    )
  })

  it('refuses spans no log service can hold, as usage errors', () => {
    let error: unknown
    try {
      readTimeWindow({ since: since('99999999h') }, { now })
    } catch (e) {
      error = e
    }
    expect(error).toMatchObject({ exitCode: 2 })
    expect((error as Error).message).toMatch(/^--since "99999999h" points before 1970 \(\d+d\d*h? ago\)/)
    expect(() => readTimeWindow({ until: until('99999999h') }, { now })).toThrow(
      /--until "99999999h" points before 1970/,
    )
    expect(() => readTimeWindow({ since: since('1w'), until: until('+99999999h') }, { now })).toThrow(
      '--until "+99999999h" points after the year 9999',
    )
  })

  it('names a setting by its path', () => {
    expect(() =>
      readTimeWindow({ since: { value: '+1h', setBy: 'logs.settings.default_since' } }, { now }),
    ).toThrow(/^logs\.settings\.default_since "\+1h" is in the future/)
  })
})
