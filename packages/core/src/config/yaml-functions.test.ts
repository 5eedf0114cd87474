import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from '@jest/globals'
import { writeProject } from '../../test/project.js'
import { ConfigError } from '../errors.js'
import { deepMerge } from './merge.js'
import { parseYamlText } from './yaml-file.js'
import { AtmosFunctionValue, findAtmosFunction } from './yaml-functions.js'

describe('atmos YAML functions on load', () => {
  it('!include (YAML, JSON, text, a .a.b query), !exec (JSON decoded), !repo-root, !env', async () => {
    const root = await writeProject({
      'stacks/catalog/vars.yaml': 'region: eu-west-1\ntags: {team: core}\n',
      'stacks/catalog/limits.json': '{"max": 3}',
      'stacks/deploy/motd.txt': 'hello\n',
    })
    mkdirSync(join(root, '.git'))
    const file = join(root, 'stacks/deploy/dev.yaml')
    const { value } = parseYamlText(
      file,
      [
        'vars:',
        '  all: !include ../catalog/vars.yaml',
        '  team: !include ../catalog/vars.yaml .tags.team',
        '  limits: !include ../catalog/limits.json',
        '  motd: !include ./motd.txt',
        '  answer: !exec echo 42',
        '  words: !exec printf "two words"',
        '  root: !repo-root',
        '  home: !env HOME_DIR /fallback',
      ].join('\n'),
      {},
    )
    expect(value).toEqual({
      vars: {
        all: { region: 'eu-west-1', tags: { team: 'core' } },
        team: 'core',
        limits: { max: 3 },
        motd: 'hello\n',
        answer: 42,
        words: 'two words',
        root,
        home: '/fallback',
      },
    })
  })

  it('a missing !include file is a configuration error with the file', () => {
    expect(() => parseYamlText('/nowhere/dev.yaml', 'x: !include ./gone.yaml\n', {})).toThrow(ConfigError)
  })

  it('state and store functions become values that say where they are, and merges keep them whole', () => {
    const { value } = parseYamlText(
      '/p/stacks/dev.yaml',
      'vars:\n  a: 1\n  id: !terraform.output vpc dev vpc_id\n  s: !store ssm dev api key\n',
      {},
    )
    const vars = (value as { vars: Record<string, unknown> }).vars
    expect(vars.id).toBeInstanceOf(AtmosFunctionValue)
    expect((vars.id as AtmosFunctionValue).where()).toBe(
      '!terraform.output vpc dev vpc_id (/p/stacks/dev.yaml:3)',
    )
    expect((vars.s as AtmosFunctionValue).tag).toBe('!store')
    const merged = deepMerge({ vars: { id: { x: 1 } } }, value)
    expect(findAtmosFunction(merged)).toBe(vars.id)
  })
})
