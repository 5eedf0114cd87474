/**
 * The testkit conformance suite run on this provider, as third-party authors are told to run it on
 * theirs: the registration from the hook, the real SDK clients, the emulator over HTTP. Once through
 * LookupEvents and once through a trail's CloudWatch Logs group (spec.log_group).
 */
import type { ProviderRegistration } from '@atmos-logs/core/contract'
import { type Emulator, startEmulator } from '@atmos-logs/testkit'
import { type ConformanceEvent, describeProviderConformance } from '@atmos-logs/testkit/conformance'
import providers from './hooks/providers.js'

const registration = (await providers()) as ProviderRegistration

let emu: Emulator | undefined
async function emulator(): Promise<Emulator> {
  emu ??= await startEmulator()
  return emu
}
let users = 0
async function closeEmulator(): Promise<void> {
  if (--users > 0) return
  await emu?.close()
  emu = undefined
}

async function post(path: string, body: unknown): Promise<void> {
  const e = await emulator()
  const res = await fetch(`${e.endpoint}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  if (!res.ok) throw new Error(`POST ${path}: HTTP ${res.status} ${await res.text()}`)
}

async function fixtureBase(spec: Record<string, unknown>) {
  const e = await emulator()
  users++
  return {
    // Polls every second, so appended events show up within the suite's step time.
    spec: { region: 'us-east-1', endpoint: e.endpoint, poll_interval: '1s', late_window: '5m', ...spec },
    credentials: {
      type: 'aws' as const,
      accessKeyId: e.env.AWS_ACCESS_KEY_ID,
      secretAccessKey: e.env.AWS_SECRET_ACCESS_KEY,
    },
    teardown: closeEmulator,
  }
}

// The suite's message travels as an S3 object key, which the provider's line shows in the resource's ARN.
const BUCKET = 'conformance-bucket'
let runs = 0

describeProviderConformance({
  name: 'aws/cloudtrail, LookupEvents against the emulator',
  registration,
  pageSize: 50,
  invalidSpec: { spec: { errors_only: 'maybe' }, mentions: ['errors_only'] },
  async setup(events) {
    // Each run has its own event name, so one run never sees the other's events.
    const eventName = `PutConformanceObject${++runs}`
    const put = (batch: ConformanceEvent[]) =>
      post('/_emulator/cloudtrail/events', {
        events: batch.map((ev) => ({
          EventName: eventName,
          EventSource: 's3.amazonaws.com',
          EventTime: ev.timestamp,
          Username: 'conformance',
          Resources: [{ ResourceType: 'AWS::S3::Object', ResourceName: `${BUCKET}/${ev.message}` }],
        })),
      })
    await put(events)
    return { ...(await fixtureBase({ event_name: eventName })), append: put }
  },
})

describeProviderConformance({
  name: "aws/cloudtrail, a trail's log group against the emulator",
  registration,
  invalidSpec: { spec: { log_group: 'no spaces allowed' }, mentions: ['log_group'] },
  missingSpec: {
    spec: (spec) => ({ ...spec, log_group: '/conformance/no-such-trail' }),
    mentions: ['/conformance/no-such-trail'],
  },
  async setup(events) {
    const logGroup = `/conformance/trail-${++runs}`
    const put = (batch: ConformanceEvent[]) =>
      post('/_emulator/cloudwatch/events', {
        logGroup,
        logStream: '123456789012_CloudTrail_us-east-1',
        events: batch.map((ev) => ({
          timestamp: ev.timestamp,
          message: JSON.stringify({
            eventVersion: '1.09',
            userIdentity: { type: 'IAMUser', userName: 'conformance' },
            eventTime: new Date(ev.timestamp).toISOString().replace(/\.\d{3}Z$/, 'Z'),
            eventSource: 's3.amazonaws.com',
            eventName: 'PutObject',
            awsRegion: 'us-east-1',
            eventID: crypto.randomUUID(),
            readOnly: false,
            resources: [{ type: 'AWS::S3::Object', ARN: `arn:aws:s3:::${BUCKET}/${ev.message}` }],
            eventCategory: 'Data',
          }),
        })),
      })
    await put(events)
    return { ...(await fixtureBase({ log_group: logGroup })), append: put }
  },
})
