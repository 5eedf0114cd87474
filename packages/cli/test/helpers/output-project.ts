import { rm } from 'node:fs/promises'
import { type CliResult, runCli, tempProject } from './cli.js'
import { type CliEnv, useLocalFileProvider } from './local-file.js'

/**
 * The project the output tests read: local/file sources in atmos.yaml (direct mode) and in a
 * `dev` stack (components api with two sources, worker with one), over fixed log files.
 */

/** Every fixed entry lies inside this range; pass it so that "now" never matters. */
export const FIXED_RANGE = ['--since', '2026-11-27T09:00:00Z', '--until', '2026-11-27T11:00:00Z']

/** The keys of a `--format json` line, always all present and in this order: what scripts rely on. */
export const JSON_LINE_KEYS = [
  'timestamp',
  'level',
  'message',
  'id',
  'source',
  'kind',
  'component',
  'stack',
  'requestId',
  'metadata',
]

export const APP_LOG = [
  '2026-11-27T10:00:00.100Z INFO api started',
  '2026-11-27T10:00:02.300Z ERROR payment declined',
  '{"time":"2026-11-27T10:00:04.000Z","level":"warn","msg":"slow upstream","requestId":"req-42"}',
]
export const WORKER_LOG = [
  '2026-11-27T10:00:01.200Z DEBUG worker boot',
  '2026-11-27T10:00:03.400Z WARN queue deep',
]
export const ACCESS_LOG = [
  '2026-11-27T10:00:01.700Z INFO GET /health 200',
  '2026-11-27T10:00:02.900Z INFO POST /pay 402',
]

/**
 * How pretty output shows each line: without the timestamp and level the line's columns already
 * show, a JSON line as its message and the other fields.
 */
export const PRETTY_MESSAGE: Record<string, string> = {
  [APP_LOG[0]!]: 'api started',
  [APP_LOG[1]!]: 'payment declined',
  [APP_LOG[2]!]: 'slow upstream requestId=req-42',
  [WORKER_LOG[0]!]: 'worker boot',
  [WORKER_LOG[1]!]: 'queue deep',
  [ACCESS_LOG[0]!]: 'GET /health 200',
  [ACCESS_LOG[1]!]: 'POST /pay 402',
}

/** The three files' lines merged in time order, each with the source it came from. */
export const MERGED: Array<{ source: 'app' | 'worker' | 'access'; line: string }> = [
  { source: 'app', line: APP_LOG[0]! },
  { source: 'worker', line: WORKER_LOG[0]! },
  { source: 'access', line: ACCESS_LOG[0]! },
  { source: 'app', line: APP_LOG[1]! },
  { source: 'access', line: ACCESS_LOG[1]! },
  { source: 'worker', line: WORKER_LOG[1]! },
  { source: 'app', line: APP_LOG[2]! },
]

const file = (name: string) => ({ kind: 'local/file', spec: { path: `./logs/${name}.log` } })

/** The head of an atmos.yaml whose stacks are `stacks/deploy/*.yaml`, each named by its `vars.stage`. */
export const DEPLOY_STACKS_LAYOUT = [
  'base_path: .',
  'components:',
  '  terraform:',
  '    base_path: components/terraform',
  'stacks:',
  '  base_path: stacks',
  '  included_paths:',
  '    - "deploy/*"',
  '  name_template: "{{ .vars.stage }}"',
]

/**
 * The stack file of stage `dev`: each terraform component with its log sources, given as
 * `{ source: 'inline YAML of the source' }`.
 */
export function devStackYaml(components: Record<string, Record<string, string>>): string {
  return [
    'vars:',
    '  stage: dev',
    'components:',
    '  terraform:',
    ...Object.entries(components).flatMap(([component, sources]) => [
      `    ${component}:`,
      '      logs:',
      '        sources:',
      ...Object.entries(sources).map(([name, yaml]) => `          ${name}: ${yaml}`),
    ]),
    '',
  ].join('\n')
}

export interface OutputProjectOptions {
  /** YAML text of `logs.settings` members, e.g. `timestamp_format: "15:04:05.000"`. */
  settings?: string[]
  /** Other `logs:` members (atmos's own `level` and `file`). */
  logs?: string[]
  /** Extra files, e.g. more log files. */
  files?: Record<string, string>
}

export async function createOutputProject(opts: OutputProjectOptions = {}): Promise<string> {
  const direct = { app: file('app'), worker: file('worker'), access: file('access'), empty: file('empty') }
  const atmosYaml = [
    ...DEPLOY_STACKS_LAYOUT,
    'logs:',
    ...(opts.logs ?? []).map((l) => `  ${l}`),
    ...(opts.settings?.length ? ['  settings:', ...opts.settings.map((s) => `    ${s}`)] : []),
    '  sources:',
    ...Object.entries(direct).map(([name, s]) => `    ${name}: ${JSON.stringify(s)}`),
  ].join('\n')
  const devStack = devStackYaml({
    api: {
      function: JSON.stringify({ ...file('app'), default: true }),
      access: JSON.stringify(file('access')),
    },
    worker: { service: JSON.stringify({ ...file('worker'), default: true }) },
  })
  const dir = await tempProject({
    'atmos.yaml': `${atmosYaml}\n`,
    'stacks/deploy/dev.yaml': devStack,
    'logs/app.log': `${APP_LOG.join('\n')}\n`,
    'logs/worker.log': `${WORKER_LOG.join('\n')}\n`,
    'logs/access.log': `${ACCESS_LOG.join('\n')}\n`,
    'logs/empty.log': '',
    ...opts.files,
  })
  created.push(dir)
  return dir
}

const created: string[] = []

/** Removes every project this test file created (call in afterAll). */
export async function removeOutputProjects(): Promise<void> {
  await Promise.all(created.splice(0).map((dir) => rm(dir, { recursive: true, force: true })))
}

/**
 * The set-up every output test file shares: local/file linked into a private data directory and
 * one output project, made in beforeAll and removed in afterAll with every other project the file
 * created. Read `project` and `env` only inside hooks and tests.
 */
export interface OutputProject {
  env: CliEnv
  readonly project: string
  /** `atmos logs view ARGS` in the project (or `cwd`), in the fixture's environment plus `extraEnv`. */
  view(args: string[], extraEnv?: Record<string, string | undefined>, cwd?: string): Promise<CliResult>
}

export function useOutputProject(opts: OutputProjectOptions = {}): OutputProject {
  const local = useLocalFileProvider()
  let project: string | undefined
  beforeAll(async () => {
    project = await createOutputProject(opts)
  })
  afterAll(removeOutputProjects)
  const projectDir = () => {
    if (project === undefined) throw new Error('useOutputProject: used before its beforeAll ran')
    return project
  }
  return {
    env: local.env,
    get project() {
      return projectDir()
    },
    view: (args, extraEnv = {}, cwd = projectDir()) =>
      runCli(['logs', 'view', ...args], { env: local.env(extraEnv), cwd }),
  }
}
