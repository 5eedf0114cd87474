import type { LogEntry, ResolvedSource } from '@atmos-logs/core'
import { describe, expect, it } from '@jest/globals'
import { prefixModeFor, tagged } from './tag.js'

const source = {
  name: 'app',
  kind: 'aws/cloudwatch',
  component: null,
  stack: null,
  identity: null,
  default: false,
  spec: {},
  settings: {},
} as unknown as ResolvedSource

const at = (ms: number, id: string): LogEntry => ({ timestamp: new Date(ms), message: `${id}@${ms}`, id })

async function printed(entries: LogEntry[], opts: { follow?: boolean }): Promise<string[]> {
  const out: string[] = []
  const open = async function* () {
    yield entries.slice(0, 3)
    yield entries.slice(3)
  }
  for await (const batch of tagged(source, open, opts)) out.push(...batch.map((e) => e.message))
  return out
}

describe('tagged', () => {
  it('drops a repeat in the same millisecond of an ordered read, across its batches', async () => {
    const entries = [at(1, 'a'), at(2, 'b'), at(2, 'c'), at(2, 'b'), at(2, 'c'), at(3, 'a')]
    expect(await printed(entries, {})).toEqual(['a@1', 'b@2', 'c@2', 'a@3'])
  })

  it('drops a repeat in a follow whatever its time, as polls overlap and late events come', async () => {
    const entries = [at(1, 'a'), at(5, 'b'), at(3, 'c'), at(1, 'a'), at(5, 'b'), at(6, 'c')]
    expect(await printed(entries, { follow: true })).toEqual(['a@1', 'b@5', 'c@3'])
  })

  it('an ordered read that steps back in time still drops what it repeats from there on', async () => {
    const entries = [at(5, 'a'), at(3, 'b'), at(5, 'a'), at(6, 'b'), at(7, 'c')]
    expect(await printed(entries, {})).toEqual(['a@5', 'b@3', 'c@7'])
  })
})

describe('prefixModeFor', () => {
  const of = (stack: string | null, component: string | null, name: string) =>
    ({ ...source, stack, component, name }) as ResolvedSource

  it('names the component, the source too when a component has several, the source alone in direct mode', () => {
    expect(prefixModeFor([of('dev', 'api', 'function')])).toBe('none')
    expect(prefixModeFor([of('dev', 'api', 'function'), of('dev', 'worker', 'service')])).toBe('component')
    expect(prefixModeFor([of('dev', 'api', 'function'), of('dev', 'api', 'audit')])).toBe('component/source')
    expect(prefixModeFor([of(null, null, 'a'), of(null, null, 'b')])).toBe('source')
  })

  it('leads with the stack when the components come from more than one stack', () => {
    expect(prefixModeFor([of('dev', 'api', 'function'), of('prod', 'api', 'function')])).toBe(
      'stack/component',
    )
    expect(
      prefixModeFor([
        of('dev', 'api', 'function'),
        of('prod', 'api', 'function'),
        of('prod', 'api', 'audit'),
      ]),
    ).toBe('stack/component/source')
  })
})
