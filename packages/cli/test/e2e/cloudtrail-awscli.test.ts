import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { promisify } from 'node:util'
import { describeWithPeer } from '@atmos-logs/testkit'
import { runCli, tempDir } from '../helpers/cli.js'
import { parseTrailLines, putTrail, trailProject } from '../helpers/cloudtrail.js'
import { useCloudWatchHarness } from '../helpers/cloudwatch.js'

/**
 * The Debian `aws cloudtrail lookup-events` and `atmos logs view --format json` read the same
 * events from the emulator and agree on how many and which. Skipped (with a message) when the
 * Debian awscli is not installed, and failing under CI.
 */
const exec = promisify(execFile)
const AWS = '/usr/bin/aws'
const describeAws = describeWithPeer({ describe, it }, existsSync(AWS), {
  what: 'the Debian awscli (/usr/bin/aws)',
  install: 'apt-get install awscli',
})

const h = useCloudWatchHarness()

describeAws('aws cloudtrail lookup-events and atmos logs view agree', () => {
  it('on the count and the EventIds of 300 events, errors and all', async () => {
    const now = Date.now()
    const truth = await putTrail(
      h,
      Array.from({ length: 300 }, (_, i) => ({
        EventName: i % 2 ? 'PutObject' : 'DeleteObject',
        EventSource: 's3.amazonaws.com',
        EventTime: now - 2 * 3_600_000 + i * 20_000,
        Username: i % 3 ? 'alice' : 'bob',
        ...(i % 11 === 0 ? { errorCode: 'AccessDenied' } : {}),
      })),
    )
    const start = new Date(now - 3 * 3_600_000).toISOString()
    const end = new Date(now).toISOString()
    const home = await tempDir('aws-home-')
    const { stdout } = await exec(
      AWS,
      [
        'cloudtrail',
        'lookup-events',
        '--start-time',
        start,
        '--end-time',
        end,
        '--output',
        'json',
        '--endpoint-url',
        h.emulator.endpoint,
      ],
      {
        maxBuffer: 64 * 1024 * 1024,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: home,
          AWS_ACCESS_KEY_ID: 'AKIAAWSCLIPEER000001',
          AWS_SECRET_ACCESS_KEY: 'peer-secret',
          AWS_DEFAULT_REGION: 'us-east-1',
          AWS_PAGER: '',
          // the peer meets the same 2 requests/s quota; let it retry as a careful user would
          AWS_RETRY_MODE: 'standard',
          AWS_MAX_ATTEMPTS: '20',
        },
      },
    )
    const awsIds = (JSON.parse(stdout) as { Events: Array<{ EventId: string }> }).Events.map((e) => e.EventId)

    const project = await trailProject({ audit: { region: 'us-east-1' } })
    const res = await runCli(
      ['logs', 'view', '--source', 'audit', '--format', 'json', '--since', start, '--until', end],
      {
        env: h.env(),
        cwd: project,
        timeoutMs: 120_000,
      },
    )
    expect(res.code).toBe(0)
    const atmosIds = parseTrailLines(res.stdout).map((l) => l.id)

    expect(awsIds).toHaveLength(truth.length)
    expect(atmosIds).toHaveLength(awsIds.length)
    expect([...atmosIds].sort()).toStrictEqual([...awsIds].sort())
    // the service's order is newest first; ours is its reverse
    expect(atmosIds).toStrictEqual([...awsIds].reverse())
  }, 150_000)
})
