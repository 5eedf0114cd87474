import { deployWorkflowSeed, type GitHubSeedJob } from '@atmos-logs/testkit'
import { directProject } from '../../helpers/cloudwatch.js'
import { linkedGcpPlugin } from '../../helpers/gcp.js'
import { GH_TOKEN } from '../../helpers/github.js'

/** The control routes of an emulator, whichever process it runs in. */
export interface Control {
  endpoint: string
  /** Cloud Logging's TailLogEntries (gRPC), `http://127.0.0.1:N`. */
  loggingGrpc: string
  post(path: string, body: unknown): Promise<any>
}

/** What a target put into the emulator: a project reading it, and the ids a full read must print once each. */
export interface Prepared {
  cwd: string
  source: string
  ids: string[]
}

/**
 * One provider kind as the fault suite drives it: how to fill the emulator, point a project at it,
 * and what the messages of its service say. A provider that lands adds one of these to TARGETS (and,
 * where it has them, rows of its own), and a test file named after its kind (`gcp/logging` →
 * `gcp-logging.test.ts`) that calls describeFaults: every generic fault row then runs against it too.
 */
export interface FaultTarget {
  kind: string
  /** The service's name in our messages: `CloudWatch Logs`. */
  service: string
  /** The API a read pages through, as the provider's messages name it: `FilterLogEvents`. */
  readOperation: string
  /** The emulator's name for that API, where the faults are aimed, when it differs (`ListLogEntries`). */
  faultOperation?: string
  /** The variable that points the provider at the emulator (named in endpoint errors). */
  endpointVariable: string
  /** Whether the kind follows (`tail --follow`), for the rows that need it. */
  follows: boolean
  /** Environment for the CLI against an endpoint (the emulator, or a fault's own). */
  env(endpoint: string): Record<string, string>
  /** Puts the events of one read; `settings` go into the project's logs.settings. */
  prepare(control: Control, settings?: Record<string, unknown>): Promise<Prepared>
  /** Arguments of a view that covers every prepared event. */
  viewWindow: string[]
  /** The id a printed JSON line carries, to check nothing was printed twice. */
  idOf(line: Record<string, unknown>): string
}

const BASE = Date.UTC(2026, 0, 11, 8, 0, 0)
const iso = (ms: number) => new Date(ms).toISOString()

export const cloudwatchTarget: FaultTarget = {
  kind: 'aws/cloudwatch',
  service: 'CloudWatch Logs',
  readOperation: 'FilterLogEvents',
  endpointVariable: 'AWS_ENDPOINT_URL',
  follows: true,
  env: (endpoint) => ({
    AWS_ENDPOINT_URL: endpoint,
    AWS_ACCESS_KEY_ID: 'AKIAFAULTSUITE000001',
    AWS_SECRET_ACCESS_KEY: 'fault-suite-secret',
    AWS_REGION: 'us-east-1',
  }),
  async prepare(control, settings) {
    const ids: string[] = []
    for (const stream of ['a', 'b', 'c']) {
      const events = Array.from({ length: 100 }, (_, i) => ({
        timestamp: BASE + i * 1000 + ['a', 'b', 'c'].indexOf(stream) * 10,
        message: `faulty ${stream} #${i}`,
      }))
      const { eventIds } = await control.post('/_emulator/cloudwatch/events', {
        logGroup: '/aws/lambda/faulty',
        logStream: stream,
        events,
      })
      ids.push(...eventIds)
    }
    const cwd = await directProject(
      { faulty: { spec: { log_group: '/aws/lambda/faulty', rate_limit: 100 } } },
      settings,
    )
    return { cwd, source: 'faulty', ids }
  },
  viewWindow: ['--since', iso(BASE - 1000), '--until', iso(BASE + 3_600_000)],
  idOf: (line) => String(line.id),
}

/** LookupEvents covers the last 90 days only: CloudTrail's events sit in the hour before the run. */
const TRAIL_BASE = Math.floor(Date.now() / 1000) * 1000 - 3_600_000

export const cloudtrailTarget: FaultTarget = {
  kind: 'aws/cloudtrail',
  service: 'CloudTrail',
  readOperation: 'LookupEvents',
  endpointVariable: 'AWS_ENDPOINT_URL',
  follows: true,
  env: cloudwatchTarget.env,
  async prepare(control, settings) {
    // 150 events at distinct seconds: three pages of 50, newest first.
    const events = Array.from({ length: 150 }, (_, i) => ({
      EventName: i % 2 ? 'PutBucketPolicy' : 'DeleteBucket',
      EventSource: 's3.amazonaws.com',
      EventTime: TRAIL_BASE + i * 1000,
      Username: 'faulty',
      awsRegion: 'us-east-1',
    }))
    const { eventIds } = await control.post('/_emulator/cloudtrail/events', { events })
    const cwd = await directProject(
      { faulty: { kind: 'aws/cloudtrail', spec: { region: 'us-east-1', poll_interval: '1s' } } },
      settings,
    )
    return { cwd, source: 'faulty', ids: eventIds }
  },
  viewWindow: ['--since', iso(TRAIL_BASE - 1000), '--until', iso(TRAIL_BASE + 600_000)],
  idOf: (line) => String(line.id),
}

/** Cloud Logging takes entries of the last 30 days: these sit in the hour before the run. */
const GCP_BASE = TRAIL_BASE
const GCP_PROJECT = 'faulty-project'

/** gcp/logging, a plugin: the workspace's package linked into the CLI's data directory. */
export const gcpTarget: FaultTarget = {
  kind: 'gcp/logging',
  service: 'Cloud Logging',
  readOperation: 'entries.list',
  faultOperation: 'ListLogEntries',
  endpointVariable: 'CLOUDSDK_API_ENDPOINT_OVERRIDES_LOGGING',
  follows: true,
  env: (endpoint) => ({ ...linkedGcpPlugin(), CLOUDSDK_API_ENDPOINT_OVERRIDES_LOGGING: endpoint }),
  async prepare(control, settings) {
    // 150 entries at distinct seconds: four pages of 40.
    const entries = Array.from({ length: 150 }, (_, i) => ({
      logName: `projects/${GCP_PROJECT}/logs/faulty`,
      insertId: `faulty-${String(i).padStart(3, '0')}`,
      timestamp: iso(GCP_BASE + i * 1000),
      severity: 'INFO',
      textPayload: `faulty #${i}`,
    }))
    await control.post('/_emulator/seed', { gcp: { entries } })
    const cwd = await directProject(
      {
        faulty: {
          kind: 'gcp/logging',
          // --follow streams through TailLogEntries, as it does against Google.
          spec: {
            project: GCP_PROJECT,
            page_size: 40,
            poll_interval: '1s',
            late_window: '5s',
            grpc_endpoint: control.loggingGrpc,
          },
        },
      },
      settings,
    )
    return { cwd, source: 'faulty', ids: entries.map((e) => e.insertId) }
  },
  viewWindow: ['--since', iso(GCP_BASE - 1000), '--until', iso(GCP_BASE + 600_000)],
  idOf: (line) => String(line.id),
}

/** A run of the hour before the test, finished long since. */
const GITHUB_RUN = 7001
/** 120 matrix jobs: GitHub lists at most 100 jobs a page, so the jobs of the run take two pages. */
const GITHUB_JOBS = 120
const GITHUB_LINES_PER_JOB = 2

/**
 * github/actions: one finished matrix run whose jobs take two pages to list. A read lists the
 * runs, pages through the run's jobs and downloads its logs archive; the faults are aimed at the
 * jobs pages, the call a read makes the most of. Each printed line's id is run:attempt:job:line.
 */
export const githubTarget: FaultTarget = {
  kind: 'github/actions',
  service: 'GitHub',
  readOperation: 'listJobsForWorkflowRunAttempt',
  endpointVariable: 'GITHUB_API_URL',
  follows: true,
  env: (endpoint) => ({ GITHUB_API_URL: `${endpoint}/github`, GH_TOKEN }),
  async prepare(control, settings) {
    const jobs: GitHubSeedJob[] = Array.from({ length: GITHUB_JOBS }, (_, i) => ({
      id: 8001 + i,
      name: `shard (${i + 1})`,
      // Only the seeded lines: no runner set-up steps or script headers the ids would have to guess.
      setupSteps: false,
      steps: [
        {
          name: 'Check',
          durationMs: 10_000,
          lines: Array.from({ length: GITHUB_LINES_PER_JOB }, (_, k) => `shard ${i + 1} #${k + 1}`),
        },
      ],
    }))
    await control.post('/_emulator/seed', {
      github: deployWorkflowSeed([{ id: GITHUB_RUN, createdAt: GCP_BASE, jobs }]),
    })
    const cwd = await directProject(
      {
        faulty: {
          kind: 'github/actions',
          spec: { repo: 'acme/app', workflow: 'deploy.yml', poll_interval: '1s' },
        },
      },
      settings,
    )
    const ids = jobs.flatMap((j) =>
      Array.from({ length: GITHUB_LINES_PER_JOB }, (_, k) => `${GITHUB_RUN}:1:${j.id}:${k + 1}`),
    )
    return { cwd, source: 'faulty', ids }
  },
  viewWindow: ['--since', iso(GCP_BASE - 1000), '--until', iso(GCP_BASE + 600_000)],
  idOf: (line) => String(line.id),
}

/** Every kind the suite covers. */
export const TARGETS: FaultTarget[] = [cloudwatchTarget, cloudtrailTarget, gcpTarget, githubTarget]
