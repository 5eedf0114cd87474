/**
 * Constructs of the template language. Expected outputs were checked against Go's text/template
 * (go1.19, plus Go 1.22's range over an integer).
 */
import { describe, expect, it } from '@jest/globals'
import { type RenderOptions, renderTemplate } from './index.js'

const render = (text: string, data: unknown = {}, options?: RenderOptions) =>
  renderTemplate(text, data, options)

describe('values and fields', () => {
  const data = {
    a: 1,
    b: 1.5,
    c: 's',
    d: [1, 'x', null, [2]],
    e: { z: 1, a: { k: [1] } },
    f: null,
    vars: { name: 'api' },
  }

  it('prints values the way Go does', () => {
    expect(render('{{.a}} {{.b}} {{.c}} {{.d}} {{.e}} {{.f}}', data)).toBe(
      '1 1.5 s [1 x <nil> [2]] map[a:map[k:[1]] z:1] <no value>',
    )
  })

  it('follows field paths, $ and $.field', () => {
    expect(render('{{ .e.a.k }} {{ $.vars.name }} {{ $.c }}', data)).toBe('[1] api s')
    expect(render('{{ with .vars }}{{ $.c }}-{{ .name }}{{ end }}', data)).toBe('s-api')
  })

  it('prints <no value> for a missing key by default, and nothing below it', () => {
    expect(render('{{.missing}} {{.missing.x}}')).toBe('<no value> <no value>')
  })

  it('renders plain text untouched', () => {
    expect(render('no actions here }} {', {})).toBe('no actions here }} {')
  })

  it('prints literals', () => {
    expect(
      render("{{-3}} {{ +3 }} {{ 0x1F }} {{ 0o17 }} {{ 017 }} {{ 0b101 }} {{ 1_000 }} {{ 'a' }} {{ .5 }}"),
    ).toBe('-3 3 31 15 15 5 1000 97 0.5')
    expect(render('{{ "a\\tb\\u00e9\\x41\\101" }} {{ `raw\\n` }} {{ true }} {{ false }}')).toBe(
      'a\tbéAA raw\\n true false',
    )
  })
})

describe('pipelines', () => {
  it('passes each value as the last argument of the next command', () => {
    expect(render('{{ "x" | printf "%s-%s" "y" }}')).toBe('y-x')
    expect(render('{{ .name | printf "%q" | printf "<%s>" }}', { name: 'a' })).toBe('<"a">')
  })

  it('evaluates parenthesised pipelines and fields on their results', () => {
    const data = { m: { a: { b: 'B' } }, l: [7] }
    expect(render('{{ (print 1 2) }} {{ (index .m "a").b }} {{ print (len .l) (index .l 0) }}', data)).toBe(
      '1 2 B 1 7',
    )
  })

  it('calls a function named without arguments when it is an argument', () => {
    expect(render('{{ len list }}')).toBe('0')
  })
})

describe('variables', () => {
  it('declares, assigns and scopes variables as Go does', () => {
    expect(render('{{ $x := 1 }}{{ if true }}{{ $x = 2 }}{{ end }}{{ $x }}{{ $x := "s" }}{{ $x }}')).toBe(
      '2s',
    )
  })

  it('declares variables in if/with pipelines for the block', () => {
    expect(render('{{ with $x := .b.c }}{{ $x }}{{ end }}', { b: { c: 'C' } })).toBe('C')
  })

  it('prints nothing for a declaration', () => {
    expect(render('a{{ $x := 5 }}b')).toBe('ab')
  })
})

describe('if / else if / else', () => {
  it('uses Go truthiness', () => {
    const data = { a: 0, b: 'x', l: [], m: {}, z: 0 }
    expect(
      render(
        '{{ if .a }}A{{ else if .b }}B{{ else }}C{{ end }}{{ if 0 }}x{{ end }}{{ if "" }}x{{ else }}e{{ end }}{{ if .l }}l{{ end }}{{ if .m }}m{{ end }}{{ if .z }}z{{ end }}',
        data,
      ),
    ).toBe('Be')
    expect(
      render('{{ if .missing }}y{{ else }}n{{ end }}{{ if .t }}T{{ end }}{{ if .s }}S{{ end }}', {
        t: true,
        s: [0],
      }),
    ).toBe('nTS')
  })

  it('chains else if', () => {
    const t = '{{ if eq .s "dev" }}D{{ else if eq .s "prod" }}P{{ else }}O{{ end }}'
    expect([render(t, { s: 'dev' }), render(t, { s: 'prod' }), render(t, { s: 'qa' })]).toEqual([
      'D',
      'P',
      'O',
    ])
  })
})

describe('with', () => {
  it('moves dot and has else branches', () => {
    expect(
      render('{{ with .a }}{{ . }}{{ else }}none{{ end }}|{{ with .b }}{{ .c }}{{ end }}', {
        a: '',
        b: { c: 'C' },
      }),
    ).toBe('none|C')
  })

  it('chains else with', () => {
    const t = '{{ with .a }}a={{ . }}{{ else with .b }}b={{ . }}{{ else }}none{{ end }}'
    expect([render(t, { a: 1 }), render(t, { b: 2 }), render(t, {})]).toEqual(['a=1', 'b=2', 'none'])
  })
})

describe('range', () => {
  const data = { l: ['a', 'b'], m: { b: 2, a: 1, c: 3 } }

  it('iterates lists in order and maps in sorted key order', () => {
    expect(
      render(
        '{{ range $i, $v := .l }}{{ $i }}={{ $v }},{{ end }}|{{ range .m }}{{ . }}{{ end }}|{{ range $k, $v := .m }}{{ $k }}:{{ $v }};{{ end }}|{{ range $v := .l }}{{ $v }}{{ end }}',
        data,
      ),
    ).toBe('0=a,1=b,|123|a:1;b:2;c:3;|ab')
  })

  it('runs else for empty or missing collections', () => {
    expect(
      render(
        '{{ range .missing }}x{{ else }}empty{{ end }}|{{ range .l }}x{{ else }}none{{ end }}|{{ range .n }}{{ else }}nil{{ end }}',
        {
          l: [],
          n: null,
        },
      ),
    ).toBe('empty|none|nil')
  })

  it('supports break and continue', () => {
    expect(
      render(
        '{{ range .l }}{{ if eq . 3 }}{{ break }}{{ end }}{{ if eq . 1 }}{{ continue }}{{ end }}{{ . }}{{ end }}',
        {
          l: [1, 2, 3, 4],
        },
      ),
    ).toBe('2')
  })

  it('ranges over an integer (Go 1.22)', () => {
    expect(render('{{ range 3 }}{{ . }}{{ end }}{{ range $i := 2 }}[{{ $i }}]{{ end }}')).toBe('012[0][1]')
  })

  it('keeps $ as the data inside the loop', () => {
    expect(render('{{ range $i, $e := .l }}{{ $.top }}{{ $i }}{{ end }}', { l: [1, 2], top: 'T' })).toBe(
      'T0T1',
    )
  })

  it('refuses to range over a string or a float', () => {
    expect(() => render('{{ range "abc" }}{{ end }}')).toThrow("range can't iterate over abc")
    expect(() => render('{{ range 1.5 }}{{ end }}')).toThrow("range can't iterate over 1.5")
  })
})

describe('define, template and block', () => {
  it('invokes named templates with their own dot and $', () => {
    expect(
      render(
        '{{ define "x" }}[{{ . }}|{{ $ }}]{{ end }}{{ template "x" .a }}{{ template "x" }}{{ block "y" 1 }}<{{ . }}>{{ end }}',
        {
          a: 'A',
        },
      ),
    ).toBe('[A|A][<no value>|<no value>]<1>')
  })

  it('lets a define replace an empty one', () => {
    expect(render('{{ define "a" }}{{ end }}{{ define "a" }}y{{ end }}{{ template "a" }}')).toBe('y')
  })

  it('stops runaway recursion with an error', () => {
    expect(() => render('{{ define "r" }}{{ template "r" }}{{ end }}{{ template "r" }}')).toThrow(
      'maximum template depth',
    )
  })
})

describe('whitespace control and comments', () => {
  it('trims around {{- and -}} and drops comments', () => {
    expect(render('a  {{- 1 -}}  b {{- /* c */ -}} c {{/* d */}} d\n {{- 2 }}')).toBe('a1bc  d2')
  })

  it('renders a multi-line .tmpl style manifest', () => {
    const tmpl = [
      'components:',
      '  terraform:',
      '{{- range .context.functions }}',
      '    {{ . }}:',
      '      vars:',
      '        name: {{ . }}-{{ $.context.stage }}',
      '{{- end }}',
      '',
    ].join('\n')
    expect(render(tmpl, { context: { functions: ['api', 'worker'], stage: 'dev' } })).toBe(
      [
        'components:',
        '  terraform:',
        '    api:',
        '      vars:',
        '        name: api-dev',
        '    worker:',
        '      vars:',
        '        name: worker-dev',
        '',
      ].join('\n'),
    )
  })
})

describe('missing keys', () => {
  it("'default' prints <no value>", () => {
    expect(render('{{ .vars.nmae }}', { vars: {} }, { missingKey: 'default' })).toBe('<no value>')
  })

  it("'zero' gives nil, which prints <no value> as in Go", () => {
    expect(render('[{{ .vars.nmae }}]', { vars: {} }, { missingKey: 'zero' })).toBe('[<no value>]')
  })

  it("'error' keeps working for keys that exist, including null values", () => {
    expect(
      render('{{ .vars.name }} {{ .vars.n }}', { vars: { name: 'x', n: null } }, { missingKey: 'error' }),
    ).toBe('x <no value>')
  })

  it("'error' still allows the optional-key idioms", () => {
    const opts = { missingKey: 'error' as const }
    expect(render('{{ index .vars "nmae" | default "d" }}', { vars: {} }, opts)).toBe('d')
    expect(render('{{ if hasKey .vars "nmae" }}y{{ else }}n{{ end }}', { vars: {} }, opts)).toBe('n')
  })
})
