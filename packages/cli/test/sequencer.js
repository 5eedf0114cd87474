import path from 'node:path'
import Sequencer from '@jest/test-sequencer'

/**
 * Starts the longest test files first, so that a run does not end on one long file alone while the
 * other workers sit idle. Jest orders by the durations in its cache, but a fresh clone (CI) has none
 * and falls back to file size, which puts the three-line fault suite files last of all. The list is
 * from measured runs; files not in it follow in jest's own order.
 */
const SLOW_FIRST = [
  // They publish every package to a loopback registry and npm-install from it: the longest files.
  'test/e2e/create-provider.test.ts',
  'test/e2e/publish.test.ts',
  // Every fault row waits out a --timeout, a stall or retries' back-off: minutes per kind.
  'test/e2e/faults/',
  'test/e2e/plugins-trust.test.ts',
  'test/e2e/output-time.test.ts',
  'test/e2e/packaging.test.ts',
  'test/e2e/cloudtrail-view.test.ts',
]

const rank = (test) => {
  const file = path.relative(test.context.config.rootDir, test.path).split(path.sep).join('/')
  const i = SLOW_FIRST.findIndex((p) => file === p || (p.endsWith('/') && file.startsWith(p)))
  return i < 0 ? SLOW_FIRST.length : i
}

export default class SlowFirstSequencer extends Sequencer {
  async sort(tests) {
    const ordered = await super.sort(tests)
    // A stable sort: jest's order holds within a rank.
    return [...ordered].sort((a, b) => rank(a) - rank(b))
  }
}
