import { readFileSync } from 'node:fs'
import path from 'node:path'
import { parseYamlText } from '@atmos-logs/core'
import { describe, expect, it } from '@jest/globals'

/**
 * The atmos custom commands we document (docs/atmos-logs-commands.yaml) must stay in step with our
 * commands: every flag of ours declared with the same short name and kind, nothing declared that we
 * would refuse, and each step running the matching atmos-logs command.
 */
const ROOT = path.resolve(import.meta.dirname, '../../../..')
const FILE = path.join(ROOT, 'docs/atmos-logs-commands.yaml')
const manifest = JSON.parse(readFileSync(path.join(ROOT, 'packages/cli/oclif.manifest.json'), 'utf8')) as {
  commands: Record<string, { args: Record<string, unknown>; flags: Record<string, OclifFlag> }>
}

interface OclifFlag {
  type: 'boolean' | 'option'
  char?: string
  hidden?: boolean
  allowNo?: boolean
}
interface CustomFlag {
  name: string
  shorthand?: string
  type?: string
}
interface CustomCommand {
  name: string
  arguments?: { name: string }[]
  flags?: CustomFlag[]
  steps?: string[]
  commands?: CustomCommand[]
}

const doc = parseYamlText(FILE, readFileSync(FILE, 'utf8')).value as { commands: CustomCommand[] }
const logs = doc.commands.find((c) => c.name === 'logs')!

describe('docs/atmos-logs-commands.yaml', () => {
  it('declares every logs command', () => {
    const ours = Object.keys(manifest.commands)
      .filter((id) => id.startsWith('logs:'))
      .map((id) => id.slice(5))
      .sort()
    expect(logs.commands!.map((c) => c.name).sort()).toEqual(ours)
  })

  for (const command of logs.commands ?? []) {
    it(`declares exactly the flags of logs ${command.name}, and runs atmos-logs logs ${command.name}`, () => {
      const ours = manifest.commands[`logs:${command.name}`]!
      const visible = Object.entries(ours.flags).filter(([, f]) => !f.hidden)
      const expected = visible.flatMap(([name, f]) => {
        const one = { name, shorthand: f.char, type: f.type === 'boolean' ? 'bool' : undefined }
        return f.allowNo ? [one, { name: `no-${name}`, shorthand: undefined, type: 'bool' }] : [one]
      })
      const declared = (command.flags ?? []).map((f) => ({
        name: f.name,
        shorthand: f.shorthand,
        type: f.type,
      }))
      const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name)
      expect(declared.sort(byName)).toEqual(expected.sort(byName))
      expect((command.arguments ?? []).map((a) => a.name)).toEqual(Object.keys(ours.args))
      expect(command.steps).toHaveLength(1)
      expect(command.steps![0]!.startsWith(`atmos-logs logs ${command.name}`)).toBe(true)
      expect(command.steps![0]).toContain('{{ .TrailingArgs }}')
    })
  }

  it('never declares -C or -i, which the Go atmos keeps for --chdir and --identity', () => {
    const shorts = (logs.commands ?? [])
      .flatMap((c) => (c.flags ?? []).map((f) => f.shorthand))
      .filter(Boolean)
    expect(shorts).not.toContain('C')
    expect(shorts).not.toContain('i')
  })
})
