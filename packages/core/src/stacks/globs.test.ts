import { join } from 'node:path'
import { describe, expect, it } from '@jest/globals'
import { cleanEnv, writeProject } from '../../test/project.js'
import { loadAtmosConfig } from '../config/load.js'
import { listStacks, selectComponents } from './select.js'

const component = (name: string) => `components:\n  terraform:\n    ${name}: {vars: {from: ${name}}}\n`

async function project(imports: string[], atmosYaml?: string) {
  const root = await writeProject({
    'atmos.yaml':
      atmosYaml ??
      'stacks:\n  base_path: stacks\n  included_paths: ["deploy/*"]\n  name_template: "{{ .vars.stage }}"\n',
    'stacks/catalog/svc-a.yaml': component('svc-a'),
    'stacks/catalog/svc-b.yaml': component('svc-b'),
    'stacks/catalog/svc-c1.yml': component('svc-c1'),
    'stacks/catalog/svc-d.yaml.tmpl': component('svc-d'),
    'stacks/catalog/notes.txt': 'not a manifest',
    'stacks/deploy/dev.yaml': `import:\n${imports.map((i) => `  - "${i}"`).join('\n')}\nvars: {stage: dev}\n`,
  })
  return loadAtmosConfig({ cwd: root, env: cleanEnv(), homeDir: join(root, 'h') })
}

async function componentsOf(imports: string[]): Promise<string[]> {
  const config = await project(imports)
  return (await selectComponents(config, { stack: 'dev', allComponents: true })).map((c) => c.component)
}

describe('globs in imports, as atmos reads them', () => {
  it('? is one character; a glob without an extension means its .yaml files', async () => {
    expect(await componentsOf(['catalog/svc-?'])).toEqual(['svc-a', 'svc-b'])
  })

  it('[...] classes, ranges and [!...] / [^...] negation', async () => {
    expect(await componentsOf(['catalog/svc-[ab]'])).toEqual(['svc-a', 'svc-b'])
    expect(await componentsOf(['catalog/svc-[b-c]*.y*ml'])).toEqual(['svc-b', 'svc-c1'])
    expect(await componentsOf(['catalog/svc-[!a]'])).toEqual(['svc-b'])
    expect(await componentsOf(['catalog/svc-[^ab]*.*'])).toEqual(['svc-c1', 'svc-d'])
  })

  it('a glob whose last part has an extension is taken as written (atmos: `service-?.*`)', async () => {
    expect(await componentsOf(['catalog/svc-?.*'])).toEqual(['svc-a', 'svc-b', 'svc-d'])
    expect(await componentsOf(['catalog/svc-c?.yml'])).toEqual(['svc-c1'])
  })
})

describe('stacks.included_paths', () => {
  it('a path without an extension means its .yaml, .yml and .tmpl manifests, not other files', async () => {
    const config = await project(
      [],
      'stacks:\n  base_path: stacks\n  included_paths: ["catalog/svc-?", "catalog/svc-c[0-9]"]\n  name_template: "{{ .vars.from }}"\n',
    )
    expect(await listStacks(config)).toEqual(['svc-a', 'svc-b', 'svc-c1', 'svc-d'])
  })
})
