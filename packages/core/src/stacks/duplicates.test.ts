import { join } from 'node:path'
import { describe, expect, it } from '@jest/globals'
import { cleanEnv, writeProject } from '../../test/project.js'
import { loadAtmosConfig } from '../config/load.js'
import { ConfigError } from '../errors.js'
import { selectComponents } from './select.js'

describe('a component two manifests define differently for one stack', () => {
  it('is an error only when that component is described, as in atmos', async () => {
    const root = await writeProject({
      'atmos.yaml':
        'stacks:\n  base_path: stacks\n  included_paths: ["deploy/*.yaml"]\n  name_template: "{{ .vars.stage }}"\n',
      'stacks/deploy/dev-a.yaml':
        'vars: {stage: dev}\ncomponents:\n  terraform:\n    vpc: {vars: {cidr: 10.0.0.0/16}}\n    api: {vars: {x: 1}}\n',
      'stacks/deploy/dev-b.yaml':
        'vars: {stage: dev}\ncomponents:\n  terraform:\n    vpc: {vars: {cidr: 10.1.0.0/16}}\n    api: {vars: {x: 1}}\n',
    })
    const config = await loadAtmosConfig({ cwd: root, env: cleanEnv(), homeDir: join(root, 'h') })
    const [api] = await selectComponents(config, { stack: 'dev', component: 'api' })
    expect(api!.section.vars).toMatchObject({ x: 1 })
    const err = await selectComponents(config, { stack: 'dev', component: 'vpc' }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ConfigError)
    expect((err as Error).message).toContain(
      "Component 'vpc' is defined differently for stack 'dev' by two manifests",
    )
  })
})
