#!/usr/bin/env node
// The demo: starts the embedded emulator with its realistic `demo` seed, then runs the built CLI
// against examples/demo-project as a user would. Run `bash scripts/setup.sh` first (it builds).
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import path from 'node:path'
import { startEmulator } from '@atmos-logs/testkit'

const root = path.resolve(import.meta.dirname, '..')
const project = path.join(root, 'examples/demo-project')
const atmos = path.join(root, 'packages/cli/bin/run.js')

const emulator = await startEmulator({ seed: 'demo' })
const env = { ...process.env, ...emulator.env, ATMOS_CLI_CONFIG_PATH: project }
delete env.ATMOS_BASE_PATH

// Asynchronous on purpose: the emulator answers from this same process.
async function run(args) {
  process.stdout.write(`\n$ atmos ${args.map((a) => (/[\s*'{}$|]/.test(a) ? `'${a}'` : a)).join(' ')}\n`)
  const child = spawn(process.execPath, [atmos, ...args], { cwd: project, env, stdio: 'inherit' })
  const [code] = await once(child, 'exit')
  if (code !== 0) process.exitCode = code ?? 1
}

try {
  process.stdout.write(
    `Emulator on ${emulator.endpoint} (CloudWatch Logs, CloudTrail, GitHub Actions), seeded with demo data.\n`,
  )
  await run(['logs', 'providers'])
  await run(['logs', 'sources', '--stack', 'dev'])
  await run(['logs', 'view', '--stack', 'dev', '--component', 'api', '--since', '10m'])
  await run(['logs', 'view', '--stack', 'dev', '--component', 'api,worker', '--since', '5m', '--limit', '12'])
  await run([
    'logs',
    'search',
    '--stack',
    'dev',
    '--component',
    'api',
    '--query',
    '{ $.level = "ERROR" }',
    '--since',
    '1h',
    '--limit',
    '5',
  ])
  await run(['logs', 'tail', '--stack', 'dev', '--all-components', '--lines', '3'])
  // Who changed what: each component's CloudTrail audit source, then what alice did anywhere in the stack.
  await run([
    'logs',
    'view',
    '--stack',
    'dev',
    '--component',
    'api,worker',
    '--source',
    'audit',
    '--since',
    '6h',
  ])
  await run([
    'logs',
    'view',
    '--stack',
    'dev',
    '--all-components',
    '--source',
    'audit',
    '--since',
    '6h',
    '--filter',
    'Username=alice',
  ])
  // The deploy pipeline beside the service: the most recent run of deploy.yml, its Terraform steps.
  await run([
    'logs',
    'view',
    '--stack',
    'dev',
    '--component',
    'api',
    '--source',
    'ci',
    '--step',
    'terraform*',
  ])
  await run([
    'logs',
    'view',
    '--stack',
    'dev',
    '--component',
    'api',
    '--source',
    'ci',
    '--since',
    '1d',
    '--failed',
  ])
  await run([
    'logs',
    'search',
    '--stack',
    'dev',
    '--component',
    'api',
    '--since',
    '1h',
    '--insights',
    'filter ispresent(level) | stats count(*) as events by level | sort events desc',
  ])
  // The incident as one story: ten minutes ago the deploy run "Release 1.43.0" started, 40 s later
  // its terraform apply updated the function (CloudTrail), and a minute in the errors began.
  const story = 'logs view --stack dev --component api --all-sources --since 30m'.split(' ')
  await run(story)
  await run([...story, '--summary'])
} finally {
  await emulator.close()
}
