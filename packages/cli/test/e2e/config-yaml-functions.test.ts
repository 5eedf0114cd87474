import path from 'node:path'
import { cleanEnv, runCli, tempDir, tempProject } from '../helpers/cli.js'

/**
 * atmos YAML functions evaluated on load (!include, !exec) that fail, through the built CLI: the
 * message names the manifest and line and what failed, and the hint is the function's, not the
 * one for a YAML syntax error.
 */
const ATMOS_YAML = 'stacks:\n  base_path: stacks\n  included_paths: ["deploy/*"]\n  name_pattern: "{stage}"\n'

function manifest(value: string): string {
  return `vars:
  stage: dev
components:
  terraform:
    api:
      vars:
        settings: ${value}
      logs:
        sources:
          app:
            kind: aws/cloudwatch
            spec:
              log_group: /aws/lambda/api
`
}

let home: string
beforeAll(async () => {
  home = await tempDir('atmos-yaml-functions-home-')
})

async function sources(value: string, files: Record<string, string> = {}) {
  const dir = await tempProject({
    'atmos.yaml': ATMOS_YAML,
    'stacks/deploy/dev.yaml': manifest(value),
    ...files,
  })
  const result = await runCli(['logs', 'sources', '--stack', 'dev'], {
    cwd: dir,
    env: cleanEnv({ HOME: home }),
  })
  return { dir, result, file: path.join(dir, 'stacks/deploy/dev.yaml') }
}

describe('a YAML function that fails on load', () => {
  it('!include of a missing file says where it looked, at the line that asks for it', async () => {
    const { dir, result, file } = await sources('!include ./nope.json')
    expect(result.code).toBe(2)
    expect(result.stdout).toBe('')
    expect(result.stderr).toContain(`${file}:7:19: !include ./nope.json: no such file`)
    expect(result.stderr).toContain(path.join(dir, 'stacks/deploy/nope.json'))
    expect(result.stderr).toContain('Hint: Paths starting with ./ or ../ are relative to the manifest')
    expect(result.stderr).not.toContain('Fix the YAML syntax')
  })

  it('!include of a file that does not parse names that file', async () => {
    const { dir, result, file } = await sources('!include ./settings.json', {
      'stacks/deploy/settings.json': '{"a": ',
    })
    const included = path.join(dir, 'stacks/deploy/settings.json')
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(`${file}:7:19: !include ./settings.json: ${included} is not valid JSON`)
    expect(result.stderr).toContain(`Hint: Fix the JSON in ${included}.`)
    expect(result.stderr).not.toContain('    at ')
  })

  it('!exec of a failing command says which command failed and how to check it', async () => {
    const { result, file } = await sources('!exec exit 3')
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(`${file}:7:19: !exec exit 3 failed`)
    expect(result.stderr).toContain('Hint: Run the command yourself in')
    expect(result.stderr).not.toContain('Fix the YAML syntax')
  })
})
