import { jestConfig } from '../../jest.preset.js'

// The slow files (the conformance suite, provider.test) spend their time waiting on entries.list's
// one-request-a-second limiter, not on the CPU, so two of them run side by side even on two cores
// (jest's default there is one worker).
export default { ...jestConfig(import.meta.dirname), maxWorkers: 2 }
