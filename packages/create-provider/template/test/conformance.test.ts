import { after, before, describe, it } from 'node:test'
import { describeProviderConformance } from '@atmos-logs/testkit/conformance'
import { deleteStream, openStream } from '../src/backend.js'
import providers from '../src/hooks/providers.js'

/**
 * The atmos logs conformance suite: ordering, inclusive time bounds, paging, limit, cancellation,
 * ids, errors and tail hand-over, checked on the provider the hook registers. `setup` puts the
 * suite's events in the backend and returns the spec that reads them; when you replace the
 * in-memory backend, seed your service (or a local emulator of it) here instead.
 */
const [registration] = await providers()
const PAGE_SIZE = 10

describeProviderConformance({
  registration: registration!,
  pageSize: PAGE_SIZE,
  async setup(events) {
    const name = `conformance-${process.pid}`
    const stream = openStream(name, true)!
    stream.append(events)
    return {
      spec: { stream: name, page_size: PAGE_SIZE, poll_interval_ms: 100 },
      append: async (more) => stream.append(more),
      teardown: async () => deleteStream(name),
    }
  },
  invalidSpec: { spec: {}, mentions: ['spec.stream'] },
  missingSpec: { spec: { stream: 'no-such-stream' }, mentions: ['no-such-stream'] },
  // node's own test runner; with jest or vitest, leave testApi out (their globals are used).
  testApi: { describe, it, beforeAll: (fn) => before(fn), afterAll: (fn) => after(fn) },
})
