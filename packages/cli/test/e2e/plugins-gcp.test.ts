/**
 * gcp/logging as users get it: not built in, `atmos plugins install gcp` from a registry holding
 * @atmos-logs/provider-gcp as published, then view, search and follow of a Cloud Run service's
 * logs from a stack component against the emulator (each entry once, in order, within the quota),
 * and after `atmos plugins uninstall` the unknown-kind error with its install line again.
 */
import { rm } from 'node:fs/promises'
import path from 'node:path'
import { type Emulator, type NpmRegistry, startEmulator } from '@atmos-logs/testkit'
import { cleanEnv, runCli, tempDir, tempProject } from '../helpers/cli.js'
import { publishPackages } from '../helpers/packaging.js'
import { spawnCli } from '../helpers/stream.js'

const PROJECT = 'acme-dev'
const SERVICE = 'acme-dev-web'
const RESOURCE = {
  type: 'cloud_run_revision',
  labels: {
    project_id: PROJECT,
    service_name: SERVICE,
    revision_name: `${SERVICE}-00001-abc`,
    location: 'europe-west1',
  },
}
const STDOUT_LOG = `projects/${PROJECT}/logs/run.googleapis.com%2Fstdout`
/** More than two pages of 1,000: the view pages three times. */
const COUNT = 2_345

interface Line {
  id: string
  timestamp: string
  level: string
  message: string
  requestId?: string | null
  metadata: Record<string, any>
}
const parse = (stdout: string): Line[] =>
  stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Line)

describe('atmos plugins install gcp, then gcp/logging against the emulator', () => {
  let registry: NpmRegistry
  let emulator: Emulator
  let dataDir: string
  let project: string
  let env: Record<string, string>
  const start = Date.now() - 50 * 60_000
  const truth: Array<{ id: string; severity: string; message: string }> = []

  const write = async (entries: Array<Record<string, unknown>>) => {
    const res = await fetch(`${emulator.endpoint}/v2/entries:write`, {
      method: 'POST',
      headers: { authorization: 'Bearer test', 'content-type': 'application/json' },
      body: JSON.stringify({ logName: STDOUT_LOG, resource: RESOURCE, entries }),
    })
    expect(res.status).toBe(200)
  }
  const cli = (args: string[], timeoutMs = 120_000) => runCli(args, { env, cwd: project, timeoutMs })
  /** Waits until the emulator has answered `more` further entries.list calls (a guard, not a timing). */
  const afterMorePolls = async (more: number) => {
    const calls = () => emulator.stats.snapshot().calls.ListLogEntries ?? 0
    const target = calls() + more
    for (const deadline = Date.now() + 30_000; calls() < target; ) {
      if (Date.now() > deadline) throw new Error(`the follow made fewer than ${more} more polls in 30 s`)
      await new Promise((r) => setTimeout(r, 50))
    }
  }

  beforeAll(async () => {
    // First, so afterAll closes it even if publishing times out. Live tailing's rate limit is 60,000
    // entries a minute; 5 here, so a burst shows the suppression notice.
    emulator = await startEmulator({ loggingTail: { entriesPerMinute: 5 } })
    registry = await publishPackages(['packages/core', 'packages/gcp-logging-grpc', 'packages/provider-gcp'])
    dataDir = await tempDir('atmos-gcp-data-')
    const entries = Array.from({ length: COUNT }, (_, i) => {
      const severity = i % 97 === 5 ? 'ERROR' : i % 3 === 0 ? 'DEBUG' : 'INFO'
      const id = `w${String(i).padStart(5, '0')}`
      const message = `${severity === 'ERROR' ? 'payment declined' : 'handled GET /api'} #${i}`
      truth.push({ id, severity, message })
      return {
        insertId: id,
        timestamp: new Date(start + i * 1000).toISOString(),
        severity,
        trace: `projects/${PROJECT}/traces/t${i}`,
        jsonPayload: { message, n: i },
      }
    })
    await write(entries)
    // A neighbour the source must not read: another service in the same project.
    await write([
      {
        insertId: 'other',
        timestamp: new Date(start).toISOString(),
        resource: { ...RESOURCE, labels: { ...RESOURCE.labels, service_name: 'other' } },
        textPayload: 'not ours',
      },
    ])

    project = await tempProject({
      'atmos.yaml': [
        'base_path: .',
        'stacks:',
        '  base_path: stacks',
        '  included_paths: ["deploy/*"]',
        '  name_template: "{{ .vars.stage }}"',
        '',
      ].join('\n'),
      'stacks/deploy/dev.yaml': [
        'vars:',
        '  stage: dev',
        `  project_id: ${PROJECT}`,
        'components:',
        '  terraform:',
        '    web:',
        '      vars:',
        `        name: ${SERVICE}`,
        '      logs:',
        '        sources:',
        '          run:',
        '            kind: gcp/logging',
        '            default: true',
        '            spec:',
        '              project: "{{ .vars.project_id }}"',
        '              resource_type: cloud_run_revision',
        '              labels: { service_name: "{{ .vars.name }}" }',
        '              poll_interval: 1s',
        '              late_window: 2m',
        '',
      ].join('\n'),
    })
    env = cleanEnv({
      ATMOS_DATA_DIR: dataDir,
      ATMOS_CACHE_DIR: path.join(dataDir, 'cache'),
      npm_config_registry: registry.url,
      npm_config_cache: path.join(dataDir, 'npm-cache'),
      npm_config_update_notifier: 'false',
      npm_config_audit: 'false',
      npm_config_fund: 'false',
      // Where gcloud (and so this plugin) sends Cloud Logging calls: the emulator, no credential needed.
      CLOUDSDK_API_ENDPOINT_OVERRIDES_LOGGING: emulator.env.CLOUDSDK_API_ENDPOINT_OVERRIDES_LOGGING,
    })
  }, 600_000)

  afterAll(async () => {
    await emulator?.close()
    await registry?.close()
    if (dataDir) await rm(dataDir, { recursive: true, force: true })
  })

  const unknownKind = (r: { code: number | null; stderr: string }) => {
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('Unknown log source kind "gcp/logging"')
    expect(r.stderr).toContain('`atmos plugins install gcp` (the package @atmos-logs/provider-gcp)')
  }

  it('before the install, the kind is unknown and the error says how to get it', async () => {
    unknownKind(await cli(['logs', 'view', 'web', '-s', 'dev']))
  })

  it('installs by its short name, views, searches and follows, then uninstalls', async () => {
    const install = await cli(['plugins', 'install', 'gcp'], 240_000)
    expect(install.stderr).toContain('@atmos-logs/provider-gcp provides gcp/logging.')
    expect(install.code).toBe(0)
    const providers = JSON.parse((await cli(['logs', 'providers', '--json'])).stdout) as Array<
      Record<string, unknown>
    >
    expect(providers.find((p) => p.kind === 'gcp/logging')).toMatchObject({
      plugin: '@atmos-logs/provider-gcp',
      type: 'user',
      capabilities: ['list', 'get', 'tail', 'query'],
    })

    // view: every entry once, in order, across three pages, with a third of the calls throttled.
    emulator.faults.set({ throttle: 0.3, operations: ['ListLogEntries'] })
    const view = await cli(['logs', 'view', 'web', '-s', 'dev', '--since', '1h', '--format', 'json'], 300_000)
    emulator.faults.clear()
    expect(view.stderr).toBe('')
    expect(view.code).toBe(0)
    const viewed = parse(view.stdout)
    expect(viewed.map((l) => l.id)).toEqual(truth.map((t) => t.id))
    expect(viewed.map((l) => l.message)).toEqual(truth.map((t) => t.message))
    expect(viewed[5]).toMatchObject({ level: 'ERROR', requestId: 't5', metadata: { jsonPayload: { n: 5 } } })
    const afterView = emulator.stats.snapshot()
    expect(afterView.throttled.ListLogEntries).toBeGreaterThan(0)
    const calls = afterView.recent
      .filter((c) => c.operation === 'ListLogEntries')
      .map((c) => c.params as Record<string, any>)
    expect(calls.every((p) => p.pageSize === 1000 && p.orderBy === 'timestamp asc')).toBe(true)
    expect(calls[0]!.filter).toContain('resource.type="cloud_run_revision"')
    expect(calls[0]!.filter).toContain(`resource.labels.service_name="${SERVICE}"`)

    // search: the Logging query language, server side.
    const search = await cli([
      'logs',
      'search',
      'web',
      '-s',
      'dev',
      '--since',
      '1h',
      '--query',
      'severity>=ERROR AND jsonPayload.message:declined',
      '--format',
      'json',
    ])
    expect(search.stderr).toBe('')
    expect(search.code).toBe(0)
    expect(parse(search.stdout).map((l) => l.id)).toEqual(
      truth.filter((t) => t.severity === 'ERROR').map((t) => t.id),
    )

    // follow: the newest 5, then new entries (one stamped 30 s in the past) once each, until Ctrl-C.
    const tail = spawnCli(
      ['logs', 'tail', 'web', '-s', 'dev', '--follow', '--lines', '5', '--format', 'json'],
      { cwd: project, env, timeoutMs: 120_000 },
    )
    await tail.waitForLines(5, 60_000)
    const now = Date.now()
    await write([
      {
        insertId: 'live-1',
        timestamp: new Date(now).toISOString(),
        severity: 'INFO',
        jsonPayload: { message: 'live one' },
      },
      {
        insertId: 'live-late',
        timestamp: new Date(now - 30_000).toISOString(),
        severity: 'WARNING',
        textPayload: 'late but not lost',
      },
      {
        insertId: 'live-2',
        timestamp: new Date(now + 1).toISOString(),
        severity: 'ERROR',
        jsonPayload: { message: 'live two' },
      },
    ])
    await tail.waitForLines(8, 30_000)
    // two more polls: nothing is printed twice
    await afterMorePolls(2)
    tail.kill('SIGINT')
    const ended = await tail.exited
    expect(ended.code).toBe(130)
    const followed = parse(tail.stdout)
    expect(followed.slice(0, 5).map((l) => l.id)).toEqual(truth.slice(-5).map((t) => t.id))
    expect(
      followed
        .slice(5)
        .map((l) => l.id)
        .sort(),
    ).toEqual(['live-1', 'live-2', 'live-late'])
    expect(followed).toHaveLength(8)

    // The quota was kept: every 429 the emulator answered was an injected one, none its 60/min quota.
    const stats = emulator.stats.snapshot()
    expect(stats.throttled.ListLogEntries).toBe(stats.faults.throttle)

    // follow through TailLogEntries (its gRPC port set): the newest 2, then each new entry once, in
    // timestamp order (one written late within the 2 s buffer window put in its place), and the
    // entries the rate limit left out reported on stderr; no polling meanwhile.
    const streamEnv = { ...env, ATMOS_LOGS_GCP_GRPC_ENDPOINT: emulator.loggingGrpc }
    const streamed = spawnCli(
      ['logs', 'tail', 'web', '-s', 'dev', '--follow', '--lines', '2', '--format', 'json', '--debug'],
      { cwd: project, env: streamEnv, timeoutMs: 120_000 },
    )
    await streamed.waitForLines(2, 60_000)
    await streamed.waitForStderr(/TailLogEntries session opened/, 30_000)
    const polls = emulator.stats.snapshot().calls.ListLogEntries ?? 0
    const at = Date.now()
    await write([{ insertId: 'stream-b', timestamp: new Date(at).toISOString(), textPayload: 'stream b' }])
    await write([
      { insertId: 'stream-a', timestamp: new Date(at - 500).toISOString(), textPayload: 'stream a' },
    ])
    await streamed.waitForLines(4, 30_000)
    const burst = Array.from({ length: 6 }, (_, i) => ({
      insertId: `burst-${i}`,
      timestamp: new Date(Date.now() + i).toISOString(),
      textPayload: `burst ${i}`,
    }))
    await write(burst)
    const notice = await streamed.waitForStderr(/left (\d+) entries over its live-tailing rate limit/, 30_000)
    const left = Number(/left (\d+) entries over its live-tailing rate limit/.exec(notice)![1])
    await new Promise((r) => setTimeout(r, 2500))
    streamed.kill('SIGINT')
    expect((await streamed.exited).code).toBe(130)
    const streamedIds = parse(streamed.stdout).map((l) => l.id)
    expect(left).toBeGreaterThan(0)
    expect(streamedIds.slice(0, 4)).toEqual(['live-1', 'live-2', 'stream-a', 'stream-b'])
    // The service may report what it left out over several responses (each entry is released on a
    // timer of its own) and the notice comes at most once a minute, so `left` is a lower bound: the
    // burst shows at most 6 - left entries, each once and in order.
    const burstIds = burst.map((b) => b.insertId)
    const shown = streamedIds.slice(4)
    expect(shown.length).toBeLessThanOrEqual(6 - left)
    expect(shown).toEqual(burstIds.filter((id) => shown.includes(id)))
    expect(emulator.stats.snapshot().calls.ListLogEntries ?? 0).toBe(polls)

    // gRPC port closed: --follow polls instead, and --debug says so.
    const fallback = spawnCli(
      ['logs', 'tail', 'web', '-s', 'dev', '--follow', '--lines', '1', '--format', 'json', '--debug'],
      {
        cwd: project,
        env: { ...env, ATMOS_LOGS_GCP_GRPC_ENDPOINT: 'http://127.0.0.1:1' },
        timeoutMs: 120_000,
      },
    )
    await fallback.waitForLines(1, 60_000)
    await fallback.waitForStderr(/streaming is not available/, 30_000)
    await write([{ insertId: 'polled-1', timestamp: new Date().toISOString(), textPayload: 'polled' }])
    await fallback.waitForLines(2, 30_000)
    fallback.kill('SIGINT')
    expect((await fallback.exited).code).toBe(130)
    // the newest before it is the last of the burst: the service stored what the stream left out
    expect(parse(fallback.stdout).map((l) => l.id)).toEqual(['burst-5', 'polled-1'])

    const uninstall = await cli(['plugins', 'uninstall', '@atmos-logs/provider-gcp'])
    expect(uninstall.code).toBe(0)
    unknownKind(await cli(['logs', 'view', 'web', '-s', 'dev']))
  }, 600_000)
})
