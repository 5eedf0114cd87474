// Writes schema/logs.schema.json, the JSON Schema editors use for the `logs:` blocks of atmos.yaml
// and stack manifests, from the zod schemas the CLI validates with (one source of truth). In CI
// (CI set) a schema that differs from the checked-in one fails the build instead.
import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { toJSONSchema } from 'zod/mini'
import { AtmosLogsSchema, LogsBlockSchema } from '../dist/config/schema.js'

const root = path.resolve(import.meta.dirname, '..')
const file = path.join(root, 'schema/logs.schema.json')

/** A zod schema as a JSON Schema fragment (the input side: what a user may write). */
function fragment(schema) {
  const { $schema: _, ...rest } = toJSONSchema(schema, { io: 'input', unrepresentable: 'any' })
  return rest
}

const ref = { $ref: '#/$defs/logsBlock' }
// No `type` on the containers: atmos.yaml's `components.terraform` also holds `base_path` and
// other settings, and `properties` only ever applies to objects.
const component = { properties: { logs: ref, settings: { properties: { logs: ref } } } }
const schema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  title: 'atmos logs configuration',
  description:
    "The logs blocks atmos logs reads: `logs` in atmos.yaml (settings, sources, and atmos's own file/level), and `logs` or `settings.logs` of a component in a stack manifest. Every other key belongs to atmos and is left alone.",
  type: 'object',
  properties: {
    logs: { $ref: '#/$defs/atmosLogs' },
    settings: { properties: { logs: ref } },
    components: { additionalProperties: { additionalProperties: component } },
  },
  $defs: { atmosLogs: fragment(AtmosLogsSchema), logsBlock: fragment(LogsBlockSchema) },
}
const text = `${JSON.stringify(schema, null, 2)}\n`
const current = await readFile(file, 'utf8').catch(() => '')
if (current !== text) {
  if (process.env.CI) {
    process.stderr.write(
      'schema/logs.schema.json is out of date with the zod schemas. Build core locally (`pnpm --filter @atmos-logs/core build`) and commit it.\n',
    )
    process.exit(1)
  }
  await writeFile(file, text)
}
