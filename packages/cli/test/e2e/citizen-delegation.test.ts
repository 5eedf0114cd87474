import { runCli, tempProject } from '../helpers/cli.js'
import { type CloudWatchHarness, cloudwatchHarness } from '../helpers/cloudwatch.js'
import { fakeGoAtmos } from '../helpers/go-atmos.js'
import { pathWith } from '../helpers/identity.js'

/**
 * A log source whose value comes from `!terraform.output` (state only the Go atmos reads): the
 * component is described by the Go atmos when it is on PATH, and without it the error names the
 * function, the file and the line. The tag's text is never used as a value.
 */
describe('YAML functions that need the Go atmos', () => {
  let cw: CloudWatchHarness
  let project: string

  beforeAll(async () => {
    cw = await cloudwatchHarness()
    project = await tempProject({
      'atmos.yaml':
        'base_path: .\nstacks:\n  base_path: stacks\n  included_paths: ["*.yaml"]\n  name_template: "{{ .vars.stage }}"\n',
      'stacks/dev.yaml': `vars:
  stage: dev
components:
  terraform:
    api:
      vars:
        function_name: !terraform.output lambda dev function_name
      logs:
        sources:
          app:
            kind: aws/cloudwatch
            spec: {log_group: "/aws/lambda/{{ .vars.function_name }}"}
    worker:
      vars:
        queue_url: !terraform.output queue dev url
      logs:
        sources:
          app: {kind: aws/cloudwatch, spec: {log_group: /acme/dev/worker}}
`,
    })
    await cw.put('/aws/lambda/api-from-state', 'x', [
      { timestamp: Date.now() - 60_000, message: 'api from state' },
    ])
    await cw.put('/acme/dev/worker', 'x', [{ timestamp: Date.now() - 60_000, message: 'worker plain' }])
  })

  afterAll(async () => {
    await cw?.close()
  })

  const view = (component: string, path: string, ...more: string[]) =>
    runCli(['logs', 'view', component, '-s', 'dev', '--since', '1h', '--format', 'raw', ...more], {
      cwd: project,
      env: cw.env({ PATH: path }),
    })

  it('asks the Go atmos to describe the component, and reads the log group from its answer', async () => {
    const goAtmos = await fakeGoAtmos({
      describe: {
        'api@dev': { vars: { stage: 'dev', function_name: 'api-from-state' }, settings: {}, env: {} },
      },
    })
    const result = await view('api', pathWith(goAtmos.binDir), '--debug')
    expect(result.stdout).toBe('api from state\n')
    expect(result.code).toBe(0)
    expect(await goAtmos.runs()).toEqual([['describe', 'component', 'api', '-s', 'dev', '--format', 'json']])
    expect(result.stderr).toContain('component described by the Go atmos')
  })

  it('without a Go atmos, names the function, file and line, and reads nothing', async () => {
    const result = await view('api', pathWith())
    expect(result.code).toBe(2)
    expect(result.stdout).toBe('')
    expect(result.stderr).toContain(
      `!terraform.output lambda dev function_name (${project}/stacks/dev.yaml:7), which only the Go atmos can compute`,
    )
    expect(result.stderr).toContain('no Go atmos was found on PATH')
  })

  it('logs.settings.resolver: atmos asks the Go atmos for every component; builtin never does', async () => {
    const { readFile, writeFile } = await import('node:fs/promises')
    const base = await readFile(`${project}/atmos.yaml`, 'utf8')
    const goAtmos = await fakeGoAtmos({
      describe: { 'worker@dev': { vars: { stage: 'dev' }, settings: {} } },
    })
    try {
      await writeFile(`${project}/atmos.yaml`, `${base}logs:\n  settings:\n    resolver: atmos\n`)
      const always = await view('worker', pathWith(goAtmos.binDir))
      expect(always.stdout).toBe('worker plain\n')
      expect(await goAtmos.runs()).toEqual([
        ['describe', 'component', 'worker', '-s', 'dev', '--format', 'json'],
      ])
      await writeFile(`${project}/atmos.yaml`, `${base}logs:\n  settings:\n    resolver: builtin\n`)
      const never = await view('api', pathWith(goAtmos.binDir))
      expect(never.code).toBe(2)
      expect(never.stderr).toContain('logs.settings.resolver is builtin')
      expect((await goAtmos.runs()).length).toBe(1)
    } finally {
      await writeFile(`${project}/atmos.yaml`, base)
    }
  })

  it('a component whose logs do not use the function needs no Go atmos', async () => {
    const result = await view('worker', pathWith())
    expect(result.stderr).toBe('')
    expect(result.stdout).toBe('worker plain\n')
  })
})
