import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from '@jest/globals'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { parse } from 'yaml'

/** The shipped JSON Schema, used as an editor would (ajv standing in for the YAML language server). */
const CORE = path.resolve(import.meta.dirname, '..')
const DEMO = path.resolve(CORE, '../../examples/demo-project')
const schema = JSON.parse(await readFile(path.join(CORE, 'schema/logs.schema.json'), 'utf8'))
const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema)

async function yamlFiles(dir: string): Promise<string[]> {
  const out: string[] = []
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name)
    if (entry.isDirectory()) out.push(...(await yamlFiles(file)))
    else if (/\.ya?ml$/.test(entry.name)) out.push(file)
  }
  return out.sort()
}

describe('schema/logs.schema.json', () => {
  it('accepts atmos.yaml and every stack manifest of examples/demo-project', async () => {
    const files = await yamlFiles(DEMO)
    expect(files.map((f) => path.relative(DEMO, f))).toEqual(
      expect.arrayContaining(['atmos.yaml', 'stacks/catalog/services.yaml']),
    )
    for (const file of files) {
      const ok = validate(parse(await readFile(file, 'utf8')))
      expect({ file, errors: validate.errors ?? null, ok }).toEqual({ file, errors: null, ok: true })
    }
  })

  it('rejects a source without kind, in atmos.yaml and in a component', () => {
    expect(validate({ logs: { sources: { app: { spec: { log_group: '/x' } } } } })).toBe(false)
    expect(validate.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          instancePath: '/logs/sources/app',
          message: "must have required property 'kind'",
        }),
      ]),
    )
    const manifest = { components: { terraform: { api: { logs: { sources: { fn: { spec: {} } } } } } } }
    expect(validate(manifest)).toBe(false)
    expect(validate.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          instancePath: '/components/terraform/api/logs/sources/fn',
          message: "must have required property 'kind'",
        }),
      ]),
    )
    // The same source with its kind is fine.
    expect(
      validate({ logs: { sources: { app: { kind: 'aws/cloudwatch', spec: { log_group: '/x' } } } } }),
    ).toBe(true)
  })

  it('rejects what the CLI rejects: an unknown setting, a format that does not exist', () => {
    expect(validate({ logs: { settings: { formt: 'json' } } })).toBe(false)
    expect(validate({ logs: { settings: { format: 'xml' } } })).toBe(false)
    expect(validate({ logs: { settings: { format: 'json' }, file: '/dev/stderr', level: 'Info' } })).toBe(
      true,
    )
  })
})
