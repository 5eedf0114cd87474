import { describe, expect, it } from '@jest/globals'
import { ReadWatchdog, type WatchdogOptions } from './watchdog.js'

/** A watchdog on a hand-moved clock: `at(ms)` moves time and looks once. */
function watchdog(options: Partial<WatchdogOptions> = {}) {
  let now = 0
  const notices: string[] = []
  const statuses: string[] = []
  const dog = new ReadWatchdog({
    command: 'atmos logs view',
    follow: false,
    stall: { ms: 120_000, setBy: 'logs.settings.stall_timeout, default 2m' },
    startedAt: 0,
    notice: (m) => void notices.push(m),
    now: () => now,
    ...options,
  })
  const at = (ms: number) => {
    now = ms
    dog.check()
  }
  return { dog, at, notices, statuses }
}

describe('ReadWatchdog', () => {
  it('ends a read after the stall bound of throttling, saying what was throttled and how much was read', () => {
    const { dog, at } = watchdog()
    const fn = dog.forSource('fn')
    fn.page('DescribeLogGroups')
    fn.page('FilterLogEvents')
    dog.entry()
    at(1000)
    fn.throttled('FilterLogEvents')
    at(60_000)
    fn.throttled('FilterLogEvents')
    at(119_999)
    expect(dog.signal.aborted).toBe(false)
    at(120_000)
    expect(dog.signal.aborted).toBe(true)
    const error = dog.outcome?.error as Error & { exitCode: number; hint: string }
    expect(error.exitCode).toBe(1)
    expect(error.message).toBe(
      'Stopped after no page could be read for 2m (logs.settings.stall_timeout, default 2m): source fn: FilterLogEvents throttled 2 times; 2 pages read, 1 entry printed before that.',
    )
    expect(error.hint).toContain('logs.settings.stall_timeout')
  })

  it('never counts a quiet read as stalled: only throttling or errors start the clock', () => {
    const { dog, at } = watchdog()
    dog.forSource('fn').page('FilterLogEvents')
    at(10 * 60_000)
    expect(dog.outcome).toBeUndefined()
  })

  it('starts over after every page', () => {
    const { dog, at } = watchdog()
    const fn = dog.forSource('fn')
    fn.failed('FilterLogEvents', 'socket hang up')
    at(100_000)
    fn.page('FilterLogEvents')
    fn.failed('FilterLogEvents', 'socket hang up')
    at(200_000)
    expect(dog.outcome).toBeUndefined()
    at(220_000)
    expect(dog.outcome?.error?.message).toContain('FilterLogEvents failed 2 times (socket hang up)')
  })

  it('never ends a follow on the stall bound; off a terminal it reports the trouble every minute', () => {
    const { dog, at, notices } = watchdog({ follow: true })
    const fn = dog.forSource('fn')
    fn.throttled('FilterLogEvents')
    for (let t = 0; t <= 10 * 60_000; t += 1000) at(t)
    expect(dog.outcome).toBeUndefined()
    expect(notices).toHaveLength(10)
    expect(notices[0]).toBe(
      'Warning: No page read for 1m: source fn: FilterLogEvents throttled 1 time; still following (Ctrl-C to stop).',
    )
  })

  it('shows the trouble on the status line when there is one, and nothing on stderr', () => {
    const statuses: string[] = []
    const { dog, at, notices } = watchdog({ follow: true, status: (t) => void statuses.push(t) })
    dog.forSource('fn').failed('StartLiveTail', 'connect ECONNREFUSED 127.0.0.1:4566')
    at(4000)
    expect(statuses).toEqual([])
    at(5000)
    expect(statuses).toEqual([
      'No page read for 5s: source fn: StartLiveTail failed 1 time (connect ECONNREFUSED 127.0.0.1:4566); still following (Ctrl-C to stop).',
    ])
    expect(notices).toEqual([])
  })

  it('ends any command at --timeout, a read with exit 1', () => {
    const { dog, at } = watchdog({ timeout: { ms: 30_000, setBy: '--timeout' } })
    dog.forSource('fn').page('FilterLogEvents')
    at(29_999)
    expect(dog.signal.aborted).toBe(false)
    at(30_000)
    expect(dog.signal.aborted).toBe(true)
    expect(dog.outcome?.error?.message).toBe(
      'atmos logs view did not finish within 30s (--timeout): 1 page read, 0 entries printed.',
    )
  })

  it('at --timeout, names the throttling when it outweighed the pages read, though the last call got one', () => {
    const { dog, at } = watchdog({ timeout: { ms: 8_000, setBy: '--timeout' } })
    const fn = dog.forSource('fn')
    for (let i = 0; i < 4; i++) fn.throttled('entries.list')
    fn.page('entries.list')
    at(8_000)
    expect(dog.outcome?.error?.message).toBe(
      'atmos logs view did not finish within 8s (--timeout): 1 page read, 0 entries printed; source fn: entries.list throttled 4 times.',
    )
    expect((dog.outcome?.error as { hint?: string } | undefined)?.hint).toMatch(
      /^The service kept failing or throttling/,
    )

    const slow = watchdog({ timeout: { ms: 8_000, setBy: '--timeout' } })
    const other = slow.dog.forSource('fn')
    other.throttled('FilterLogEvents')
    other.page('FilterLogEvents')
    other.page('FilterLogEvents')
    slow.at(8_000)
    expect(slow.dog.outcome?.error?.message).toBe(
      'atmos logs view did not finish within 8s (--timeout): 2 pages read, 0 entries printed.',
    )
    expect((slow.dog.outcome?.error as { hint?: string } | undefined)?.hint).toMatch(/^Raise --timeout/)
  })

  it('ends a healthy follow at --timeout with a notice, a stuck one with an error', () => {
    const healthy = watchdog({ follow: true, timeout: { ms: 30_000, setBy: 'logs.settings.timeout' } })
    healthy.dog.entry()
    healthy.at(30_000)
    expect(healthy.dog.outcome).toEqual({
      notice: 'Stopped following after 30s (logs.settings.timeout); 1 entry printed.',
    })

    const stuck = watchdog({
      follow: true,
      command: 'atmos logs tail',
      timeout: { ms: 30_000, setBy: '--timeout' },
    })
    stuck.dog.forSource('fn').throttled('FilterLogEvents')
    stuck.at(30_000)
    expect(stuck.dog.outcome?.error?.message).toBe(
      'atmos logs tail stopped following after 30s (--timeout), with no page read for the last 30s: 0 pages read, 0 entries printed; source fn: FilterLogEvents throttled 1 time.',
    )
  })
})
