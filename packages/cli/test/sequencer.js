import path from 'node:path'
import Sequencer from '@jest/test-sequencer'

/**
 * Starts the longest test files first, so that a run does not end on one long file alone while the
 * other worker sits idle. Jest orders by the durations in its cache, but a fresh clone (CI) has none
 * and falls back to file size, which puts the three-line fault suite files last of all. The list is
 * the files of nearly half a minute or more, longest first, from one worker's times in CI (seconds in the
 * comments); with two workers the whole run is some 450 s a worker, so what the order decides is that
 * the last files to start are short ones. Files not in it follow in jest's own order.
 */
const SLOW_FIRST = [
  // A real terminal (tmux) for every test, and the interactive view's React tree.
  'test/e2e/interactive.test.ts', // 78
  // Every fault row waits out a --timeout, a stall or retries' back-off: 51-59 per kind.
  'test/e2e/faults/',
  'test/e2e/cloudtrail-view.test.ts', // 52: LookupEvents' two a second, and a throttled read
  'test/e2e/plugins-gcp.test.ts', // 34
  // They publish the packages to a loopback registry and npm-install from it.
  'test/e2e/publish.test.ts', // 34
  'test/e2e/startup-imports.test.ts', // 31
  'test/e2e/cloudwatch-tail.test.ts', // 30
  'test/e2e/create-provider.test.ts', // 29
  'test/e2e/github-view.test.ts', // 28
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
