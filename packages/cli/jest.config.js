import { jestConfig } from '../../jest.preset.js'

// The end-to-end tests run the built CLI several times per test; on a busy two-core machine one run
// can take ten seconds, so a test gets two minutes before jest calls it hung. The sequencer starts
// the longest files first.
export default {
  ...jestConfig(import.meta.dirname),
  testTimeout: 120_000,
  testSequencer: '<rootDir>/test/sequencer.js',
}
