// The conformance suite run on a real provider: the worked example kind local/file, through its
// built dist (no package dependency), once with NDJSON and once with RFC 3339 text lines.
import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { ProviderRegistration } from '@atmos-logs/core/contract'
import providers from '../../../../examples/provider-local-file/dist/hooks/providers.js'
import { type ConformanceEvent, describeProviderConformance } from './index.js'

const [registration] = (await providers()) as ProviderRegistration[]
if (!registration) throw new Error('examples/provider-local-file registered no kind; build it first')

const ndjson = (e: ConformanceEvent) =>
  `${JSON.stringify({ timestamp: e.timestamp, level: 'info', message: e.message })}\n`
const rfc3339 = (e: ConformanceEvent) => `${new Date(e.timestamp).toISOString()} INFO ${e.message}\n`

describeProviderConformance({
  name: 'local/file, one NDJSON file',
  registration,
  pageSize: 10,
  invalidSpec: { spec: {}, mentions: ['spec.path'] },
  missingSpec: {
    spec: { path: '/nonexistent/atmos-logs/app.log' },
    mentions: ['/nonexistent/atmos-logs/app.log'],
  },
  async setup(events) {
    const dir = await mkdtemp(path.join(tmpdir(), 'conformance-ndjson-'))
    const file = path.join(dir, 'app.log')
    await writeFile(file, events.map(ndjson).join(''))
    return {
      spec: { path: file, format: 'ndjson', poll_interval_ms: 20 },
      append: (more) => appendFile(file, more.map(ndjson).join('')),
      teardown: () => rm(dir, { recursive: true, force: true }),
    }
  },
})

// Events alternate between two files matched by a glob, so the provider has to merge them.
describeProviderConformance({
  name: 'local/file, RFC 3339 text lines across a glob',
  registration,
  pageSize: 10,
  async setup(events) {
    const dir = await mkdtemp(path.join(tmpdir(), 'conformance-text-'))
    const files = [path.join(dir, 'a.log'), path.join(dir, 'b.log')]
    const write = async (batch: ConformanceEvent[], add: typeof appendFile) => {
      await Promise.all(
        files.map((f, n) =>
          add(
            f,
            batch
              .filter((_, i) => i % 2 === n)
              .map(rfc3339)
              .join(''),
          ),
        ),
      )
    }
    await write(events, writeFile)
    return {
      spec: { path: path.join(dir, '*.log'), format: 'text', poll_interval_ms: 20 },
      append: (more) => write(more, appendFile),
      teardown: () => rm(dir, { recursive: true, force: true }),
    }
  },
})
