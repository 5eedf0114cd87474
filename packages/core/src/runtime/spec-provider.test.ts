import type { ProviderContext } from '../contract.js'
import { ConfigError, specChecker } from '../errors.js'
import type { Clock } from './clock.js'
import { pollTimingsOf } from './poll-timings.js'
import { SpecProvider } from './spec-provider.js'

const DEFAULTS = { pollIntervalMs: 30_000, lateWindowMs: 20 * 60_000 }
const timings = (spec: Record<string, unknown>) =>
  pollTimingsOf(spec, specChecker('demo/kind', 'audit', spec, ['poll_interval', 'late_window']), DEFAULTS)

describe('pollTimingsOf', () => {
  it("takes the kind's defaults for what the spec leaves out", () => {
    expect(timings({})).toEqual(DEFAULTS)
    expect(timings({ poll_interval: '10s' })).toEqual({ pollIntervalMs: 10_000, lateWindowMs: 20 * 60_000 })
    expect(timings({ poll_interval: '5m', late_window: '5m' })).toEqual({
      pollIntervalMs: 300_000,
      lateWindowMs: 300_000,
    })
  })

  it('refuses a poll interval under a second or a value that is no duration, naming the defaults as examples', () => {
    expect(() => timings({ poll_interval: '100ms' })).toThrow(
      'spec.poll_interval: expected a duration of at least 1s such as 30s or 20m; got "100ms".',
    )
    expect(() => timings({ late_window: 5 })).toThrow('spec.late_window: expected a duration')
  })

  it('refuses a late window shorter than the poll interval: the polls between would skip entries', () => {
    let thrown: unknown
    try {
      timings({ poll_interval: '1m', late_window: '30s' })
    } catch (err) {
      thrown = err
    }
    expect(thrown).toBeInstanceOf(ConfigError)
    expect((thrown as ConfigError).yamlPath).toBe('spec.late_window')
    expect((thrown as ConfigError).message).toContain('"30s" is shorter than poll_interval (1m)')
  })
})

describe('SpecProvider', () => {
  class Demo extends SpecProvider<{ stream: string }> {}
  const ctx = (spec: Record<string, unknown>): ProviderContext => ({
    name: 'app',
    spec,
    logger: { debug() {}, info() {}, warn() {}, error() {} },
  })

  it('parses the spec once, on first use, and keeps it', () => {
    let parses = 0
    const p = new Demo(ctx({ stream: 'main' }), {}, (spec) => {
      parses++
      return { stream: String(spec.stream) }
    })
    expect(parses).toBe(0)
    p.validate()
    expect(p.spec).toEqual({ stream: 'main' })
    expect(p.spec).toBe(p.spec)
    expect(parses).toBe(1)
    expect(p.name).toBe('app')
  })

  it("validate() throws the parser's error", () => {
    const p = new Demo(ctx({}), {}, (_spec, source) => {
      throw new ConfigError(`no stream in ${source}`)
    })
    expect(() => p.validate()).toThrow('no stream in app')
  })

  it('uses the clock the options give', () => {
    const clock: Clock = { now: () => 42, sleep: async () => {} }
    class Timed extends SpecProvider<object> {
      now = () => this.clock.now()
    }
    expect(new Timed(ctx({}), { clock }, () => ({})).now()).toBe(42)
  })
})
