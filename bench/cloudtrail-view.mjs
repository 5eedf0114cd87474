#!/usr/bin/env node
// `atmos logs view --format raw` of an aws/cloudtrail source over N CloudTrail events (default
// 5,000) against the testkit emulator, beside `/usr/bin/aws cloudtrail lookup-events` (Debian awscli
// v2) paging through the same events on the same emulator in the same run. The emulator holds
// CloudTrail's real quota, 2 LookupEvents a second per access key and region, 50 events a page:
// at this size both readers are bound by it, so events/s says how close each comes to the quota
// (100 events/s at most) and how many calls and throttles it spends. Each reader runs as its own
// process under /usr/bin/time for its peak RSS; every run's output is checked for the count.
//
//   pnpm build
//   node bench/cloudtrail-view.mjs [--count N] [--skip-aws]

import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { AWS_BIN, control, envFor, hasAws, measure, project } from './support.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const BIN = join(here, '../packages/cli/bin/run.js')

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '5000' },
    'skip-aws': { type: 'boolean', default: false },
  },
})
const count = Number(values.count)
const { startEmulator } = await import(pathToFileURL(join(here, '../packages/testkit/dist/index.js')).href)

const emu = await startEmulator()
try {
  const now = Date.now()
  // one event every 2 s over the hours before now (whole seconds, as CloudTrail records them)
  const start = now - count * 2000 - 60_000
  for (let i = 0; i < count; i += 1000) {
    const events = []
    for (let j = i; j < Math.min(count, i + 1000); j++) {
      events.push({
        EventName: j % 3 ? 'PutObject' : 'DeleteObject',
        EventSource: 's3.amazonaws.com',
        EventTime: start + j * 2000,
        Username: `user${j % 7}`,
        Resources: [{ ResourceType: 'AWS::S3::Object', ResourceName: `arn:aws:s3:::bench/key-${j}` }],
        ...(j % 13 === 0 ? { errorCode: 'AccessDenied' } : {}),
      })
    }
    await control(emu, '/_emulator/cloudtrail/events', { events })
  }
  const since = new Date(start - 1000).toISOString()
  const until = new Date(now).toISOString()
  const dir = await project({
    logs: { sources: { audit: { kind: 'aws/cloudtrail', spec: { region: 'us-east-1' } } } },
  })

  const rows = []
  const stats = () => control(emu, '/_emulator/stats')
  const run = async (label, cmd, args, opts, countOf) => {
    const before = await stats()
    const r = await measure(cmd, args, opts)
    const after = await stats()
    const n = countOf(r)
    if (n !== count) throw new Error(`${label}: read ${n} events, expected ${count}`)
    rows.push({
      label,
      ...r,
      calls: (after.calls.LookupEvents ?? 0) - (before.calls.LookupEvents ?? 0),
      throttled: (after.throttled.LookupEvents ?? 0) - (before.throttled.LookupEvents ?? 0),
    })
  }

  await run(
    'atmos logs view --format raw',
    process.execPath,
    [BIN, 'logs', 'view', '--source', 'audit', '--format', 'raw', '--since', since, '--until', until],
    { env: envFor(emu), cwd: dir },
    (r) => r.lines,
  )
  if (await hasAws(values['skip-aws'])) {
    await run(
      'aws cloudtrail lookup-events',
      AWS_BIN,
      [
        'cloudtrail',
        'lookup-events',
        '--start-time',
        since,
        '--end-time',
        until,
        '--endpoint-url',
        emu.endpoint,
        '--output',
        'json',
      ],
      {
        env: envFor(emu, {
          AWS_DEFAULT_REGION: 'us-east-1',
          AWS_PAGER: '',
          AWS_RETRY_MODE: 'standard',
          AWS_MAX_ATTEMPTS: '20',
        }),
        keepStdout: true,
      },
      (r) => JSON.parse(r.stdout).Events.length,
    )
  } else console.log('no aws CLI (or --skip-aws): no peer figures')

  console.log(
    `\n== cloudtrail view: ${count} events, one region, quota 2 LookupEvents/s, emulator at ${emu.endpoint}`,
  )
  for (const r of rows) {
    console.log(
      `${r.label.padEnd(30)} ${r.seconds.toFixed(2).padStart(7)} s ${Math.round(count / r.seconds)
        .toString()
        .padStart(
          6,
        )} events/s  peak RSS ${r.rssMiB.toFixed(0).padStart(4)} MiB  ${r.calls} LookupEvents calls, ${r.throttled} throttled`,
    )
  }
  const [atmos, aws] = rows
  if (atmos && aws) {
    console.log(
      `atmos: ${(aws.seconds / atmos.seconds).toFixed(2)}x the speed of aws, ${(atmos.rssMiB / aws.rssMiB).toFixed(2)}x its peak RSS`,
    )
  }
} finally {
  await emu.close()
}
