import { execFileSync } from 'node:child_process'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from '@jest/globals'
import { CAPPED_V8_MAJORS, YOUNG_GENERATION_CAP } from './young-generation.js'

const BUILT = pathToFileURL(path.resolve(import.meta.dirname, '../dist/young-generation.js')).href

/**
 * A child Node that allocates as a read does (batches of objects that outlive a scavenge or two,
 * an event-loop turn between batches) and prints its young generation's size at the end. A child,
 * because a jest worker's young generation has long grown.
 */
function youngGenerationAfterChurn(cap: boolean, nodeArgs: string[] = []): number {
  const script = `
    import v8 from 'node:v8'
    import { setImmediate as turn } from 'node:timers/promises'
    if (${cap}) (await import(${JSON.stringify(BUILT)})).capYoungGeneration()
    let kept = []
    for (let batch = 0; batch < 400; batch++) {
      for (let i = 0; i < 5000; i++) kept.push({ message: 'event ' + batch + ' ' + i, timestamp: batch * 5000 + i })
      if (kept.length > 40000) kept = []
      await turn()
    }
    process.stdout.write(String(v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size))`
  return Number(
    execFileSync(process.execPath, [...nodeArgs, '--input-type=module', '-e', script], { encoding: 'utf8' }),
  )
}

const capped = CAPPED_V8_MAJORS.has(Number(process.versions.v8.split('.')[0]))

describe('capYoungGeneration', () => {
  it(
    capped
      ? 'keeps the young generation at the cap where V8 alone grows it past'
      : "leaves this V8's young generation to V8, as it grows it past the cap",
    () => {
      expect(youngGenerationAfterChurn(false)).toBeGreaterThan(YOUNG_GENERATION_CAP)
      const withCap = youngGenerationAfterChurn(true)
      if (capped) expect(withCap).toBeLessThanOrEqual(YOUNG_GENERATION_CAP)
      else expect(withCap).toBeGreaterThan(YOUNG_GENERATION_CAP)
    },
  )

  it('leaves the size alone when the user chose one', () => {
    expect(youngGenerationAfterChurn(true, ['--max-semi-space-size=16'])).toBeGreaterThan(
      YOUNG_GENERATION_CAP,
    )
  })
})
