import { cleanEnv, runCli, tempDir, tempProject } from '../helpers/cli.js'

/**
 * `atmos logs sources --source` without --stack lists atmos.yaml's sources and every stack's:
 * a name or glob is looked for in all of them, through the built CLI.
 */
const PROJECT = {
  'atmos.yaml': `stacks:
  base_path: stacks
  included_paths: ["*.yaml"]
  name_pattern: "{stage}"
logs:
  sources:
    app:
      kind: aws/cloudwatch
      spec: { log_group: /app }
    audit:
      kind: aws/cloudwatch
      spec: { log_group: /audit }
`,
  'stacks/dev.yaml': `vars:
  stage: dev
components:
  terraform:
    api:
      logs:
        sources:
          api-logs:
            kind: aws/cloudwatch
            spec: { log_group: /api }
`,
}

let home: string
beforeAll(async () => {
  home = await tempDir('atmos-sources-by-name-home-')
})

async function sources(source: string) {
  const dir = await tempProject(PROJECT)
  return runCli(['logs', 'sources', '--source', source, '--json'], {
    cwd: dir,
    env: cleanEnv({ HOME: home }),
  })
}

const rows = (stdout: string) =>
  (JSON.parse(stdout) as { stack: string | null; name: string }[]).map((s) => `${s.stack ?? '-'}/${s.name}`)

describe('logs sources --source without --stack', () => {
  it("finds a source that only a stack's component has", async () => {
    const r = await sources('api-logs')
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(rows(r.stdout)).toEqual(['dev/api-logs'])
  })

  it('takes a glob, over atmos.yaml and the stacks alike', async () => {
    const r = await sources('a*')
    expect(r.code).toBe(0)
    expect(rows(r.stdout)).toEqual(['-/app', '-/audit', 'dev/api-logs'])
  })

  it('names every source there is when none matches, and exits 2', async () => {
    const r = await sources('api-log')
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr).toContain(
      "No log source is named 'api-log'; the known sources are 'app', 'audit' and 'api-logs'.",
    )
    expect(r.stderr).toContain("Did you mean 'api-logs'")
  })
})
