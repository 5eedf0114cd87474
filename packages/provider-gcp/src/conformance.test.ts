/**
 * The testkit conformance suite run on this provider, as third-party authors are told to run it on
 * theirs: the registration from the hook, the real HTTP client, the emulator's Cloud Logging API.
 */
import type { ProviderRegistration } from '@atmos-logs/core/contract'
import { type Emulator, startEmulator } from '@atmos-logs/testkit'
import { type ConformanceEvent, describeProviderConformance } from '@atmos-logs/testkit/conformance'
import providers from './hooks/providers.js'

const registration = (await providers()) as ProviderRegistration
const PROJECT = 'conformance-project'
const PAGE_SIZE = 20

let emu: Emulator | undefined
let runs = 0

describeProviderConformance({
  name: 'gcp/logging against the emulator',
  registration,
  pageSize: PAGE_SIZE,
  invalidSpec: { spec: { project: PROJECT, severity: 'LOUD' }, mentions: ['severity'] },
  // Google answers a project that does not exist with a 403, which the provider explains.
  missingSpec: {
    spec: (spec) => ({ ...spec, project: 'no-such-project' }),
    mentions: ['projects/no-such-project'],
  },
  async setup(events) {
    emu ??= await startEmulator()
    const e = emu
    // Each run writes to a log of its own, so one run never sees another's entries.
    const logId = `conformance/run-${++runs}`
    const put = async (batch: ConformanceEvent[]) => {
      const res = await fetch(`${e.endpoint}/v2/entries:write`, {
        method: 'POST',
        headers: { authorization: 'Bearer conformance', 'content-type': 'application/json' },
        body: JSON.stringify({
          logName: `projects/${PROJECT}/logs/${encodeURIComponent(logId)}`,
          resource: { type: 'cloud_run_revision', labels: { service_name: 'conformance' } },
          entries: batch.map((ev) => ({
            timestamp: new Date(ev.timestamp).toISOString(),
            severity: 'INFO',
            textPayload: ev.message,
          })),
        }),
      })
      if (!res.ok) throw new Error(`entries:write: HTTP ${res.status} ${await res.text()}`)
    }
    await put(events)
    return {
      spec: {
        project: PROJECT,
        log: logId,
        endpoint: e.endpoint,
        page_size: PAGE_SIZE,
        // Polls every second, so appended entries show up within the suite's step time.
        poll_interval: '1s',
        late_window: '5m',
      },
      append: put,
      teardown: async () => {
        await emu?.close()
        emu = undefined
      },
    }
  },
})
