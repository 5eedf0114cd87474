import { cleanEnv, runCli, tempProject } from '../helpers/cli.js'

/** Direct mode (atmos.yaml logs.sources) when the name or the file is wrong: exit 2, one paragraph. */
describe('direct mode errors', () => {
  it('an unknown --source names the file, the YAML path, the known sources and the near match', async () => {
    const project = await tempProject({
      'atmos.yaml':
        'logs:\n  sources:\n    lambda-functions:\n      kind: aws/cloudwatch\n      spec:\n        log_group: /aws/lambda/*\n    ecs-services:\n      kind: aws/cloudwatch\n      spec:\n        log_group: /ecs/*\n',
    })
    const r = await runCli(['logs', 'view', '--source', 'lambda-functoins'], {
      cwd: project,
      env: cleanEnv(),
    })
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr).toMatch(/^Error: /)
    expect(r.stderr).toContain(`${project}/atmos.yaml`)
    expect(r.stderr).toContain('logs.sources')
    expect(r.stderr).toContain("'ecs-services'")
    expect(r.stderr).toContain("'lambda-functions'")
    expect(r.stderr).not.toMatch(/^\s+at /m)
  })

  it('without any atmos.yaml says where it looked', async () => {
    const empty = await tempProject({ 'README.md': 'no atmos here\n' })
    const r = await runCli(['logs', 'view', '--source', 'app'], {
      cwd: empty,
      env: cleanEnv({ HOME: empty }),
    })
    expect(r.code).toBe(2)
    expect(r.stderr).toContain(empty)
    expect(r.stderr).toMatch(/atmos\.yaml/)
    expect(r.stderr).not.toMatch(/^\s+at /m)
  })
})
