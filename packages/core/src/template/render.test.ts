import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from '@jest/globals'
import { parse } from 'yaml'
import { ConfigError, ExitCode } from '../errors.js'
import { hasTemplate, renderDeep, renderTemplate, TemplateError } from './index.js'

const REFERENCE = join(import.meta.dirname, '../../test/fixtures/atmos-reference')
const readYaml = (path: string) => parse(readFileSync(join(REFERENCE, path), 'utf8'))

function thrown(fn: () => unknown): TemplateError {
  try {
    fn()
  } catch (err) {
    if (err instanceof TemplateError) return err
    throw err
  }
  throw new Error('expected a TemplateError')
}

describe('TemplateError', () => {
  const name = 'logs.sources.app.spec.log_group in stacks/dev.yaml'

  it('names the template, the position and the key path of a missing key', () => {
    const err = thrown(() =>
      renderTemplate(
        '/aws/lambda/{{ .vars.nmae }}',
        { vars: { name: 'api' } },
        { name, missingKey: 'error' },
      ),
    )
    expect(err).toBeInstanceOf(ConfigError)
    expect(err.exitCode).toBe(ExitCode.USAGE)
    expect(err.templateName).toBe(name)
    expect([err.line, err.column]).toEqual([1, 16])
    expect(err.message).toBe(`Template ${name} at 1:16: map has no entry for key "nmae" (in .vars.nmae).`)
    expect(err.hint).toContain('Did you mean "name"?')
    expect(err.hint).toContain('{{ index .vars "nmae" | default "..." }}')
  })

  it('counts lines and columns in multi-line templates', () => {
    const err = thrown(() => renderTemplate('line one\n  {{ .a.b }}', { a: {} }, { missingKey: 'error' }))
    expect([err.line, err.column]).toEqual([2, 6])
    expect(err.templateName).toBe('template')
  })

  it('names an unknown function and suggests a real one', () => {
    const err = thrown(() => renderTemplate('{{ .vars.name | uper }}', { vars: { name: 'x' } }, { name }))
    expect(err.message).toBe(`Template ${name} at 1:17: function "uper" not defined.`)
    expect(err.hint).toContain('Did you mean upper')
  })

  it('names atmos-only functions as written', () => {
    const err = thrown(() => renderTemplate('{{ (atmos.Component "vpc" .stack).outputs.id }}', {}))
    expect(err.reason).toBe('function "atmos.Component" not defined')
  })

  it('points at the opening of an unterminated action', () => {
    const err = thrown(() => renderTemplate('a\nbc {{ .vars.name', {}, { name }))
    expect(err.message).toBe(`Template ${name} at 2:4: unclosed action: this "{{" has no matching "}}".`)
  })

  it('points at the opening of an unclosed block', () => {
    const err = thrown(() => renderTemplate('x {{ range .l }}{{ . }}', { l: [] }))
    expect(err.message).toContain('at 1:3: {{range}} has no matching {{end}}')
  })

  it.each([
    ['{{ end }}', 'unexpected {{end}}'],
    ['{{ else }}', 'unexpected {{else}}'],
    ['{{ if }}{{ end }}', 'missing value for if'],
    ['{{ break }}', '{{break}} outside {{range}}'],
    ['{{ $x }}', 'undefined variable "$x"'],
    ['{{ .a | 1 }}', 'non executable command in pipeline stage 2'],
    ['{{ nil }}', 'nil is not a command'],
    ['{{ 1 2 }}', "can't give argument to non-function 1"],
    ['{{ .a 1 }}', 'a is not a method but has arguments'],
    ['{{ template "nope" }}', 'template "nope" not defined'],
    ['{{ define "a" }}x{{ end }}{{ define "a" }}y{{ end }}', 'multiple definition of template "a"'],
    ['{{ if 1 }}a{{ else }}b{{ else }}c{{ end }}', 'expected {{end}}, found {{else}}'],
    ['{{ range $a, $b, $c := .l }}{{ end }}', 'too many declarations in range'],
    ['{{ 08 }}', 'illegal number syntax'],
    ['{{ 1i }}', 'complex number 1i is not supported'],
    ['{{ "\\q" }}', 'unknown escape sequence'],
    ['{{ .s.x }}', "can't evaluate field x in type interface {}"],
    ['{{ .n.x }}', 'nil pointer evaluating .n.x'],
    ['{{ with 1 }}{{ else if 2 }}{{ end }}', '{{else if}} is not allowed in {{with}}'],
  ])('%s → %s', (text, reason) => {
    const err = thrown(() => renderTemplate(text, { a: 1, s: 'str', n: null, l: [] }))
    expect(err.reason).toContain(reason)
    expect(err.message).toMatch(/^Template template at \d+:\d+: /)
  })
})

describe('hasTemplate', () => {
  it('detects actions', () => {
    expect(hasTemplate('/aws/lambda/{{ .vars.name }}')).toBe(true)
    expect(hasTemplate('/aws/lambda/api')).toBe(false)
  })
})

describe('renderDeep', () => {
  const data = { vars: { name: 'api', stage: 'dev' }, atmos_component: 'lambda', atmos_stack: 'plat-dev' }

  it('renders every string in nested objects and arrays, leaving keys and other values alone', () => {
    const spec = {
      log_group: '/aws/lambda/{{ .vars.name }}',
      '{{ .vars.name }}': 'key untouched',
      streams: ['{{ .atmos_stack }}/a', 'plain', 3],
      nested: { enabled: true, prefix: '{{ .atmos_component }}-{{ .vars.stage }}', none: null },
    }
    const out = renderDeep(spec, data, { missingKey: 'error' })
    expect(out).toEqual({
      log_group: '/aws/lambda/api',
      '{{ .vars.name }}': 'key untouched',
      streams: ['plat-dev/a', 'plain', 3],
      nested: { enabled: true, prefix: 'lambda-dev', none: null },
    })
    expect(spec.log_group).toBe('/aws/lambda/{{ .vars.name }}') // not mutated
  })

  it('adds the key path to the name in errors, before " in <file>"', () => {
    const spec = { groups: [{ name: 'ok' }, { name: '{{ .vars.nmae }}' }] }
    const err = thrown(() =>
      renderDeep(spec, data, { name: 'logs.sources.app.spec in stacks/dev.yaml', missingKey: 'error' }),
    )
    expect(err.templateName).toBe('logs.sources.app.spec.groups[1].name in stacks/dev.yaml')
    const plain = thrown(() => renderDeep(spec, data, { name: 'stacks/dev.yaml: spec', missingKey: 'error' }))
    expect(plain.templateName).toBe('stacks/dev.yaml: spec.groups[1].name')
    const unnamed = thrown(() => renderDeep(spec, data, { missingKey: 'error' }))
    expect(unnamed.templateName).toBe('groups[1].name')
  })

  it('renders a top-level string', () => {
    expect(renderDeep('{{ .vars.name }}', data)).toBe('api')
  })
})

describe('real atmos snippets (test/fixtures/atmos-reference)', () => {
  it('stack-templates: templates in backend, metadata and vars render as atmos expects', () => {
    const manifest = readYaml('stack-templates/stacks/deploy/nonprod.yaml')
    const component = manifest.components.terraform['component-1']
    const backend = { s3: { ...manifest.terraform.backend.s3, ...component.backend.s3 } }
    const context = {
      vars: { ...manifest.vars, ...component.vars },
      settings: component.settings,
      metadata: component.metadata,
      backend,
      atmos_component: 'component-1',
      atmos_stack: 'nonprod',
    }
    const rendered = renderDeep({ backend, vars: context.vars }, context, { missingKey: 'error' })
    // The values atmos's own test (test-cases/stack-templates.yaml) expects.
    expect(rendered.backend.s3.workspace_key_prefix).toBe('mock')
    expect(rendered.backend.s3.bucket).toBe('nonprod-tfstate')
    expect(rendered.backend.s3.dynamodb_table).toBe('nonprod-tfstate-lock')
    expect(rendered.vars).toMatchObject({ foo: 'component-1-a', bar: 'component-1-b', baz: 'component-1-c' })
  })

  it('provenance: name_template gives the stack name in atmos describe component', () => {
    const nameTemplate: string = readYaml('provenance/atmos.yaml').stacks.name_template
    const described = readYaml('expected/TestCLICommands_describe_component_with_stack_flag.stdout.golden')
    expect(nameTemplate).toBe('{{ .vars.tenant }}-{{ .vars.stage }}-{{ .vars.region }}')
    expect(renderTemplate(nameTemplate, { vars: described.vars }, { missingKey: 'error' })).toBe(
      described.atmos_stack,
    )
  })

  it('quick-start-simple: the name template without spaces', () => {
    const nameTemplate: string = readYaml('quick-start-simple/atmos.yaml').stacks.name_template
    expect(renderTemplate(nameTemplate, { vars: { stage: 'prod' } })).toBe('prod')
  })

  it('a tenant-environment-stage name template', () => {
    const vars = { tenant: 'plat', environment: 'ue2', stage: 'dev' }
    expect(
      renderTemplate(
        '{{.vars.tenant}}-{{.vars.environment}}-{{.vars.stage}}',
        { vars },
        { missingKey: 'error' },
      ),
    ).toBe('plat-ue2-dev')
  })

  it('a name template that names a missing var fails with the stack-naming context', () => {
    const err = thrown(() =>
      renderTemplate(
        '{{.vars.tenant}}-{{.vars.environment}}',
        { vars: { tenant: 'plat' } },
        {
          name: 'stacks.name_template in atmos.yaml',
          missingKey: 'error',
        },
      ),
    )
    expect(err.message).toBe(
      'Template stacks.name_template in atmos.yaml at 1:20: map has no entry for key "environment" (in .vars.environment).',
    )
  })

  it('an imported .tmpl rendered with its context map', () => {
    const tmpl = [
      'components:',
      '  terraform:',
      '    "eks-{{ .flavor }}":',
      '      vars:',
      '        enabled: {{ .enabled }}',
      '        name: {{ .name | quote }}',
      '{{- if .tags }}',
      '        tags:',
      '{{- range $k, $v := .tags }}',
      '          {{ $k }}: {{ $v }}',
      '{{- end }}',
      '{{- end }}',
      '',
    ].join('\n')
    const context = { flavor: 'blue', enabled: true, name: 'eks-blue', tags: { team: 'sre', env: 'dev' } }
    const out = renderTemplate(tmpl, context, { name: 'catalog/eks.yaml.tmpl', missingKey: 'error' })
    expect(parse(out)).toEqual({
      components: {
        terraform: {
          'eks-blue': { vars: { enabled: true, name: 'eks-blue', tags: { env: 'dev', team: 'sre' } } },
        },
      },
    })
  })
})

describe('keys that are not identifiers', () => {
  it('explains how to reach a key containing "-"', () => {
    const err = thrown(() => renderTemplate('{{ .vars.log-group }}', { vars: { 'log-group': 'g' } }))
    expect(err.reason).toBe('bad character "-"')
    expect(err.hint).toBe(
      'A key containing "-" cannot be written as a field: write {{ index .vars "log-group" }}.',
    )
    expect(renderTemplate('{{ index .vars "log-group" }}', { vars: { 'log-group': 'g' } })).toBe('g')
  })
})

describe('caller functions', () => {
  it('receive plain JavaScript values, floats unboxed', () => {
    const seen: unknown[] = []
    const out = renderTemplate(
      '{{ f 1e6 2.5 (list 1.0) .n }}',
      { n: null },
      {
        funcs: {
          f: (...args) => {
            seen.push(...args)
            return 'ok'
          },
        },
      },
    )
    expect(out).toBe('ok')
    expect(seen).toEqual([1e6, 2.5, [1], null])
  })
})
