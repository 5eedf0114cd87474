import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { AwsServiceError, isAwsServiceError } from './aws-error.js'
import { accessKeyIdOf, parseJsonBody, parseTarget, readBody, sendAwsError, sendJson } from './aws-json.js'
import { type Clock, systemClock } from './clock.js'
import { CloudTrailService } from './cloudtrail/index.js'
import { ACCOUNT_ID, REGION } from './cloudwatch/arn.js'
import { LiveTailManager } from './cloudwatch/live-tail.js'
import { runCloudWatchOperation } from './cloudwatch/operations.js'
import { QueryManager, type QueryTiming } from './cloudwatch/queries.js'
import { CloudWatchStore } from './cloudwatch/store.js'
import { handleControl } from './control.js'
import { FaultInjector } from './faults.js'
import { createGitHubEmulator, type GitHubEmulator } from './github/index.js'
import { Params } from './params.js'
import type { SeedData } from './seeds/format.js'
import { applySeed, type SeedSummary } from './seeds/load.js'
import { StatsRecorder } from './stats.js'

export interface EmulatorOptions {
  /** Port of the main listener on 127.0.0.1; 0 (the default) picks a free one. */
  port?: number
  /** `'demo'`, a seed file path (JSON or YAML), or seed data. */
  seed?: 'demo' | string | SeedData
  /** Time source for every service; tests pass a ManualClock. */
  clock?: Clock
  /** Live Tail session length before SessionTimeoutException (default 3 hours). */
  liveTailSessionMs?: number
  /** Time between Live Tail sessionUpdate events (default 1000 ms). */
  liveTailIntervalMs?: number
  /** Logs Insights query progress (clock time): Scheduled for `scheduledMs`, Running for `runningMs`. */
  queryTiming?: Partial<QueryTiming>
  /** Events FilterLogEvents examines per page before answering (partial pages carry a nextToken). Default 10,000. */
  filterScanLimit?: number
}

export interface Emulator {
  /** Base URL of the AWS endpoint, e.g. `http://127.0.0.1:4566`. */
  endpoint: string
  /** Base URL of the GitHub REST API, `${endpoint}/github`. */
  github: string
  /** The second origin GitHub job logs redirect to. */
  githubLogs: string
  /** Every variable a client needs to talk to this emulator. */
  env: Record<string, string>
  clock: Clock
  /** The CloudWatch Logs store: put events, list groups, count. */
  cloudwatch: CloudWatchStore
  cloudtrail: CloudTrailService
  githubEmulator: GitHubEmulator
  faults: FaultInjector
  stats: StatsRecorder
  /** Loads more data: `'demo'`, a file path, or seed data. */
  seed(seed: 'demo' | string | SeedData): Promise<SeedSummary>
  /** Clears all data, stats and faults. */
  reset(): void
  close(): Promise<void>
}

export const EMULATOR_ACCESS_KEY_ID = 'AKIAEMULATOR00000000'
export const EMULATOR_SECRET_ACCESS_KEY = 'emulator-secret-access-key'
export const EMULATOR_GITHUB_TOKEN = 'ghp_emulatorToken00000000000000000000000'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function listen(server: Server, port: number): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })
  return (server.address() as AddressInfo).port
}

export async function startEmulator(opts: EmulatorOptions = {}): Promise<Emulator> {
  const clock = opts.clock ?? systemClock
  const cloudwatch = new CloudWatchStore(clock)
  const queries = new QueryManager(cloudwatch, clock, {
    scheduledMs: 200,
    runningMs: 800,
    ...opts.queryTiming,
  })
  const liveTail = new LiveTailManager(cloudwatch, {
    sessionMs: opts.liveTailSessionMs ?? 3 * 3_600_000,
    intervalMs: opts.liveTailIntervalMs ?? 1000,
  })
  const cloudtrail = new CloudTrailService(clock, { accountId: ACCOUNT_ID, region: REGION })
  const faults = new FaultInjector()
  const stats = new StatsRecorder()
  let logsOrigin = ''
  const github = createGitHubEmulator({
    clock,
    logsOrigin: () => logsOrigin,
    apiPrefix: '/github',
    faults,
    stats,
  })
  const cwContext = { store: cloudwatch, clock, queries, filterScanLimit: opts.filterScanLimit ?? 10_000 }

  const reset = () => {
    liveTail.closeAll()
    cloudwatch.reset()
    queries.reset()
    cloudtrail.reset()
    github.reset()
    faults.clear()
    stats.reset()
  }
  const controlTargets = { cloudwatch, cloudtrail, github, faults, stats, now: () => clock.now(), reset }

  async function handleAws(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const target = parseTarget(req.headers['x-amz-target'] as string | undefined)
    const body = await readBody(req)
    if (!target) {
      const given = req.headers['x-amz-target']
      throw new AwsServiceError(
        'UnknownOperationException',
        given
          ? `The emulator does not serve the target ${given}; it serves Logs_20140328.* and CloudTrail_20131101.*.`
          : 'The request has no X-Amz-Target header; the emulator serves the AWS JSON 1.1 protocol of CloudWatch Logs and CloudTrail.',
      )
    }
    const { service, operation } = target
    const input = parseJsonBody(body)
    stats.record({
      operation,
      service,
      accessKeyId: accessKeyIdOf(req.headers.authorization) ?? null,
      params: input,
      time: clock.now(),
    })
    const latency = faults.latencyFor(operation)
    if (latency > 0) await sleep(latency)
    const fault = faults.decide(operation)
    if (fault) stats.recordFault(fault)
    switch (fault) {
      case 'reset':
        req.socket.destroy()
        return
      case 'throttle':
        stats.recordThrottle(operation)
        throw new AwsServiceError('ThrottlingException', 'Rate exceeded')
      case 'error5xx':
        throw new AwsServiceError(
          'ServiceUnavailableException',
          'The service is unavailable (injected by the emulator faults).',
          500,
        )
      case 'accessDenied':
        throw new AwsServiceError(
          'AccessDeniedException',
          `User: arn:aws:sts::${ACCOUNT_ID}:assumed-role/emulator/session is not authorized to perform: ${service}:${operation} because no identity-based policy allows the ${service}:${operation} action`,
        )
    }
    if (service === 'logs' && operation === 'StartLiveTail') {
      liveTail.start(res, new Params(input))
      return
    }
    const output =
      service === 'logs'
        ? runCloudWatchOperation(cwContext, operation, input)
        : cloudtrail.handle(operation, input)
    sendJson(res, 200, output)
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const rawUrl = req.url ?? '/'
    const path = rawUrl.split('?')[0]!
    try {
      if (path.startsWith('/_emulator/')) return await handleControl(controlTargets, req, res, path)
      if (path === '/github' || path.startsWith('/github/')) {
        return await github.handle(req, res, rawUrl.slice('/github'.length) || '/')
      }
      if (req.method === 'POST' && req.headers['x-amz-target']) return await handleAws(req, res)
      if (req.method === 'GET' && path === '/') {
        return sendJson(res, 200, { service: 'atmos-emulator', endpoint, github: `${endpoint}/github` })
      }
      throw new AwsServiceError(
        'UnknownOperationException',
        `The emulator has no route ${req.method} ${path}.`,
        404,
      )
    } catch (e) {
      if (res.headersSent) {
        res.destroy()
        return
      }
      if (isAwsServiceError(e)) return sendAwsError(res, e)
      process.stderr.write(
        `atmos-emulator: internal error on ${req.method} ${path}: ${(e as Error).stack ?? e}\n`,
      )
      sendAwsError(
        res,
        new AwsServiceError('InternalFailure', `The emulator failed: ${(e as Error).message}`, 500),
      )
    }
  }

  const server = createServer((req, res) => {
    void handle(req, res)
  })
  const logsServer = createServer((req, res) => {
    github.handleLogs(req, res).catch((e) => {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' })
      res.end(`The emulator's log storage failed: ${(e as Error).message}`)
    })
  })
  const port = await listen(server, opts.port ?? 0)
  const endpoint = `http://127.0.0.1:${port}`
  logsOrigin = `http://127.0.0.1:${await listen(logsServer, 0)}`

  if (opts.seed !== undefined) {
    try {
      await applySeed(controlTargets, opts.seed, clock.now())
    } catch (e) {
      server.close()
      logsServer.close()
      throw e
    }
  }

  const env = {
    AWS_ENDPOINT_URL: endpoint,
    AWS_ACCESS_KEY_ID: EMULATOR_ACCESS_KEY_ID,
    AWS_SECRET_ACCESS_KEY: EMULATOR_SECRET_ACCESS_KEY,
    AWS_REGION: REGION,
    GITHUB_API_URL: `${endpoint}/github`,
    GITHUB_TOKEN: EMULATOR_GITHUB_TOKEN,
  }

  let closed: Promise<void> | undefined
  return {
    endpoint,
    github: `${endpoint}/github`,
    githubLogs: logsOrigin,
    env,
    clock,
    cloudwatch,
    cloudtrail,
    githubEmulator: github,
    faults,
    stats,
    seed: (seed) => applySeed(controlTargets, seed, clock.now()),
    reset,
    close() {
      closed ??= (async () => {
        liveTail.closeAll()
        const done = (s: Server) => new Promise<void>((resolve) => s.close(() => resolve()))
        const closing = Promise.all([done(server), done(logsServer)])
        server.closeAllConnections()
        logsServer.closeAllConnections()
        await closing
      })()
      return closed
    },
  }
}
