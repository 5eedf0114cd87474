import type { LogEntry } from '@atmos-logs/core/contract'
import { type Emulator, startEmulator } from '@atmos-logs/testkit'
import { GcpLoggingProvider } from './provider.js'

/** Google answers a project that does not exist with the 403 it gives a caller who may not read it. */
const logger = { debug() {}, info() {}, warn() {}, error() {} }
let emulator: Emulator
beforeAll(async () => {
  emulator = await startEmulator()
  await emulator.seed({ gcp: { projects: ['acme-dev'], entries: [] } })
})
afterAll(() => emulator.close())

const failure = async (spec: Record<string, unknown>) => {
  const p = new GcpLoggingProvider(
    { name: 'web', spec: { endpoint: emulator.endpoint, ...spec }, logger },
    { env: {} },
  )
  p.validate()
  try {
    for await (const _ of p.getLogs({ signal: new AbortController().signal }) as AsyncIterable<LogEntry>);
  } catch (e) {
    return e as Error & { exitCode?: number; hint?: string }
  }
  throw new Error('expected a failure')
}

describe('a project that does not exist', () => {
  it('says it may not exist or may not be readable, and how to tell which', async () => {
    const err = await failure({ project: 'acme-dve' })
    expect(err.exitCode).toBe(1)
    expect(err.message).toMatch(
      /could not read projects\/acme-dve: either it does not exist or the emulator's test token may not read its logs; Cloud Logging gives the same answer to both \(HTTP 403 PERMISSION_DENIED: Permission 'logging\.logEntries\.list' denied on resource \(or it may not exist\)\)/,
    )
    expect(err.hint).toBe(
      "Check the project id in the source's spec (`gcloud projects describe acme-dve` says whether it exists and is visible to you); if it is right, grant the Logs Viewer role (roles/logging.viewer) on it to the account you signed in with.",
    )
  })

  it('names every resource of the read, and a project that exists reads', async () => {
    const err = await failure({ projects: ['acme-dev', 'acme-gone'] })
    expect(err.message).toContain('could not read projects/acme-dev, projects/acme-gone:')
    const ok = new GcpLoggingProvider(
      { name: 'web', spec: { endpoint: emulator.endpoint, project: 'acme-dev' }, logger },
      { env: {} },
    )
    const got: LogEntry[] = []
    for await (const e of ok.getLogs({ signal: new AbortController().signal })) got.push(e)
    expect(got).toEqual([])
  })
})
