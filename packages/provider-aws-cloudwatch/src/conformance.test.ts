/**
 * The testkit conformance suite run on this provider, as third-party authors are told to run it on
 * theirs: the registration from the hook, the real SDK client, the emulator over HTTP.
 */
import type { ProviderRegistration } from '@atmos-logs/core/contract'
import { type Emulator, startEmulator } from '@atmos-logs/testkit'
import { describeProviderConformance } from '@atmos-logs/testkit/conformance'
import providers from './hooks/providers.js'

const registration = (await providers()) as ProviderRegistration

// Live Tail delivers every 100 ms here, so appended events show up within the suite's step time.
let emu: Emulator | undefined
async function emulator(): Promise<Emulator> {
  emu ??= await startEmulator({ liveTailIntervalMs: 100 })
  return emu
}

let fixtures = 0

describeProviderConformance({
  name: 'aws/cloudwatch against the emulator',
  registration,
  invalidSpec: { spec: {}, mentions: ['log_group'] },
  missingSpec: {
    spec: (spec) => ({ ...spec, log_group: '/conformance/does-not-exist' }),
    mentions: ['/conformance/does-not-exist'],
  },
  async setup(events) {
    const e = await emulator()
    const logGroup = `/conformance/run-${++fixtures}`
    const put = async (batch: typeof events) => {
      const res = await fetch(`${e.endpoint}/_emulator/cloudwatch/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ logGroup, logStream: 'app', events: batch }),
      })
      if (!res.ok) throw new Error(`putting events: HTTP ${res.status} ${await res.text()}`)
    }
    await put(events)
    return {
      spec: { log_group: logGroup, region: 'us-east-1', endpoint: e.endpoint },
      credentials: {
        type: 'aws',
        accessKeyId: e.env.AWS_ACCESS_KEY_ID,
        secretAccessKey: e.env.AWS_SECRET_ACCESS_KEY,
      },
      append: put,
      teardown: async () => {
        await emu?.close()
        emu = undefined
      },
    }
  },
})
