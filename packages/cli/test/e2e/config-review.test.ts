import path from 'node:path'
import { cleanEnv, runCli, tempDir, tempProject } from '../helpers/cli.js'

/**
 * Odd but valid atmos YAML, as platform engineers have it, through the built CLI: what atmos
 * accepts must resolve, and what would silently point a read at the wrong place must not.
 */
const ATMOS_YAML = `stacks:
  base_path: stacks
  included_paths: ["deploy/**/*"]
  name_pattern: "{stage}"
`

// A catalog with an anchor/merge key, !env with a fallback, non-string spec values, settings.logs,
// metadata.component pointing elsewhere, and the trailing document marker some generators write.
const CATALOG = `---
x-common: &common
  kind: aws/cloudwatch
components:
  terraform:
    api:
      metadata:
        component: lambda
      logs:
        sources:
          app:
            <<: *common
            spec:
              log_group: "/aws/lambda/{{ .vars.stage }}-{{ .component }}"
              region: !env ATMOS_REVIEW_UNSET_REGION us-east-2
              limit: 100
              tags: [a, b]
    worker:
      settings:
        logs:
          sources:
            jobs:
              <<: *common
              spec:
                log_group: "/ecs/{{ .vars.team }}/{{ .atmos_component }}"
---
`

let home: string
beforeAll(async () => {
  home = await tempDir('atmos-review-home-')
})

const atmos = (args: string[], cwd: string) => runCli(args, { cwd, env: cleanEnv({ HOME: home }) })

describe('odd but valid stack YAML', () => {
  it('reads the first document of a manifest with a trailing ---, as atmos does', async () => {
    const dir = await tempProject({
      'atmos.yaml': ATMOS_YAML,
      'stacks/catalog/services.yaml': CATALOG,
      'stacks/deploy/dev.yaml': 'import:\n  - catalog/services\nvars:\n  stage: dev\n  team: core\n',
    })
    const result = await atmos(['logs', 'sources', '--stack', 'dev', '--json'], dir)
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    const rows = JSON.parse(result.stdout) as Array<{ component: string; spec: Record<string, unknown> }>
    expect(rows.map((r) => [r.component, r.spec])).toEqual([
      ['api', { log_group: '/aws/lambda/dev-lambda', region: 'us-east-2', limit: 100, tags: ['a', 'b'] }],
      ['worker', { log_group: '/ecs/core/worker' }],
    ])
  })

  // `team:` with nothing after it is null: Go would print "<no value>" into the log group name and
  // the read would find nothing, which in an incident looks like "no errors happened".
  it('refuses a spec template over an empty (null) var, naming the file, the YAML path and the key', async () => {
    const dir = await tempProject({
      'atmos.yaml': ATMOS_YAML,
      'stacks/catalog/services.yaml': CATALOG,
      'stacks/deploy/dev.yaml': 'import:\n  - catalog/services\nvars:\n  stage: dev\n  team:\n',
    })
    const result = await atmos(['logs', 'view', '--stack', 'dev', '--component', 'worker'], dir)
    expect(result.stdout).toBe('')
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(path.join(dir, 'stacks/catalog/services.yaml'))
    expect(result.stderr).toContain('components.terraform.worker.settings.logs.sources.jobs.spec.log_group')
    expect(result.stderr).toContain('.vars.team is empty')
    expect(result.stderr).toMatch(/Hint: Give vars\.team a value/)
    expect(result.stderr).not.toContain('    at ')
  })
})

describe('settings a user got wrong', () => {
  // What zod would say by itself ("at least 0" for a limit of 0, "int" for 2.5) is reworded by core;
  // this is what a user meets through the CLI, before any read.
  it('names each wrong number in words and exits 2', async () => {
    const dir = await tempProject({
      'atmos.yaml': `${ATMOS_YAML}logs:\n  settings:\n    limit: 0\n    lines: 2.5\n`,
      'stacks/catalog/services.yaml': CATALOG,
      'stacks/deploy/dev.yaml': 'import:\n  - catalog/services\nvars:\n  stage: dev\n  team: core\n',
    })
    const result = await atmos(['logs', 'view', '--stack', 'dev', '--component', 'api'], dir)
    expect(result.stdout).toBe('')
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('logs.settings.limit: must be greater than 0')
    expect(result.stderr).toContain('logs.settings.lines: must be a whole number, not number 2.5')
    expect(result.stderr).not.toContain('    at ')
  })
})
