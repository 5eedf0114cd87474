import { afterEach, describe, expect, it } from '@jest/globals'
import { describeWithPeer, inCI } from './peers.js'

/** Records what a describeWithPeer block registers, running test bodies at once. */
function recorder() {
  const seen: string[] = []
  const block = (kind: string) => (name: string, body: () => void) => {
    seen.push(`${kind} ${name}`)
    body()
  }
  const jest = {
    describe: Object.assign(block('describe'), { skip: block('skip') }),
    it: (name: string, body: () => void) => {
      try {
        body()
        seen.push(`it ${name}: passes`)
      } catch (e) {
        seen.push(`it ${name}: fails with ${(e as Error).message}`)
      }
    },
  }
  return { seen, jest }
}

const peer = { what: 'tmux', install: 'apt-get install tmux' }
const saved = process.env.CI
afterEach(() => {
  if (saved === undefined) delete process.env.CI
  else process.env.CI = saved
})

describe('describeWithPeer', () => {
  it('runs the block when the peer is there', () => {
    const { seen, jest } = recorder()
    describeWithPeer(jest, true, peer)('terminal', () => void seen.push('body'))
    expect(seen).toEqual(['describe terminal', 'body'])
  })

  it('skips without the peer outside CI, and never runs the body', () => {
    delete process.env.CI
    const { seen, jest } = recorder()
    describeWithPeer(jest, false, peer)('terminal', () => void seen.push('body'))
    expect(seen).toEqual(['skip terminal', 'it needs tmux (apt-get install tmux): passes'])
  })

  it('fails without the peer under CI=true, naming it and how to install it', () => {
    process.env.CI = 'true'
    const { seen, jest } = recorder()
    describeWithPeer(jest, false, peer)('terminal', () => void seen.push('body'))
    expect(seen).toEqual([
      'describe terminal',
      'it needs tmux (apt-get install tmux): fails with tmux is missing on this CI machine; apt-get install tmux (scripts/setup.sh does).',
    ])
  })

  it('reads CI as GitHub Actions and most CI systems set it', () => {
    expect(inCI({ CI: 'true' })).toBe(true)
    expect(inCI({ CI: '1' })).toBe(true)
    expect(inCI({ CI: 'false' })).toBe(false)
    expect(inCI({})).toBe(false)
  })
})
