import { describe, expect, it } from '@jest/globals'
import { ConfigError } from '../errors.js'
import { lineOf, parseYamlText } from './yaml-file.js'

describe('parseYamlText', () => {
  // go-yaml (and so atmos) decodes the first document of a file; a trailing `---` is common.
  it('reads the first document of a file that has a document marker after it, as atmos does', () => {
    const yaml = parseYamlText('/p/stacks/dev.yaml', '---\nvars:\n  stage: dev\n---\n', {})
    expect(yaml.value).toEqual({ vars: { stage: 'dev' } })
    expect(lineOf(yaml, ['vars', 'stage'])).toBe(3)
  })

  it('still reports a syntax error in the first document with file, line and column', () => {
    let err: unknown
    try {
      parseYamlText('/p/stacks/dev.yaml', 'vars:\n  a: [1\n---\nx: 1\n', {})
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(ConfigError)
    expect((err as ConfigError).message).toMatch(/^Cannot parse YAML in \/p\/stacks\/dev\.yaml:\d+:\d+/)
    expect((err as ConfigError).message).not.toContain('parseAllDocuments')
  })

  it('keeps anchors, aliases, merge keys and !env with a fallback', () => {
    const text =
      'base: &b\n  kind: aws/cloudwatch\nsrc:\n  <<: *b\n  spec: {region: !env NO_SUCH_VAR us-east-2}\n'
    expect(parseYamlText('/p/x.yaml', text, {}).value).toEqual({
      base: { kind: 'aws/cloudwatch' },
      src: { kind: 'aws/cloudwatch', spec: { region: 'us-east-2' } },
    })
  })

  it('reads an empty file as an empty map', () => {
    expect(parseYamlText('/p/empty.yaml', '', {}).value).toEqual({})
    expect(parseYamlText('/p/comments.yaml', '# nothing yet\n', {}).value).toEqual({})
  })
})
