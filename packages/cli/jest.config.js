import { jestConfig } from '../../jest.preset.js'

// The end-to-end tests run the built CLI several times per test; on a busy two-core machine one run
// can take ten seconds, so a test gets two minutes before jest calls it hung. Two workers: jest's
// default on two cores is one, which ran the files one after another, and most of the long ones
// wait (on a --timeout, a stall, a rate limit's back-off) rather than use a core. The tests assert
// on what the CLI and the emulators did, never on how fast, and each file has its own emulators,
// ports, registries and directories, so two files at once do not meet. The sequencer starts the
// longest files first.
export default {
  ...jestConfig(import.meta.dirname),
  testTimeout: 120_000,
  maxWorkers: 2,
  testSequencer: '<rootDir>/test/sequencer.js',
}
