/** The Sprig subset: Sprig's names, argument order and results. */
import { describe, expect, it } from '@jest/globals'
import { type RenderOptions, renderTemplate } from './index.js'

const render = (text: string, data: unknown = {}, options?: RenderOptions) =>
  renderTemplate(text, data, options)

describe('defaults and emptiness', () => {
  it('default replaces empty values only', () => {
    const data = { e: '', z: 0, f: false, l: [], s: 'set', n: null }
    expect(
      render(
        '{{ .missing | default "d" }} {{ .e | default "d" }} {{ .z | default 5 }} {{ .f | default "d" }} {{ .l | default "d" }} {{ .s | default "d" }} {{ .n | default "d" }} {{ default "d" }}',
        data,
      ),
    ).toBe('d d 5 d d set d d')
  })

  it('empty, coalesce and ternary', () => {
    expect(
      render('{{ empty "" }} {{ empty 0 }} {{ empty .l }} {{ empty "x" }} {{ empty .m }}', {
        l: [],
        m: { a: 1 },
      }),
    ).toBe('true true true false false')
    expect(render('{{ coalesce .missing "" 0 "first" "second" }} {{ coalesce "" }}')).toBe('first <no value>')
    expect(
      render('{{ ternary "yes" "no" true }} {{ ternary "yes" "no" (eq 1 2) }} {{ true | ternary "a" "b" }}'),
    ).toBe('yes no a')
    expect(() => render('{{ ternary "a" "b" "true" }}')).toThrow('expected bool; found "true"')
    expect(() => render('{{ ternary "a" "b" .s }}', { s: 'true' })).toThrow(
      'wrong type for value; expected bool; got string',
    )
  })
})

describe('strings', () => {
  it('changes case', () => {
    expect(render('{{ lower "HeLLo" }} {{ upper "héllo" }} {{ title "hello wide-world foo_bar" }}')).toBe(
      'hello HÉLLO Hello Wide-World Foo_bar',
    )
  })

  it('replace takes OLD NEW STRING', () => {
    expect(
      render('{{ replace "a" "o" "banana" }} {{ "x-y-z" | replace "-" "_" }} {{ replace "" "-" "ab" }}'),
    ).toBe('bonono x_y_z -a-b-')
  })

  it('trims', () => {
    expect(
      render(
        '[{{ trim "  a b \\n" }}] [{{ trimAll "$" "$$5.00$" }}] [{{ trimPrefix "pre-" "pre-fix" }}] [{{ trimSuffix ".yaml" "dev.yaml" }}] [{{ nospace " a b\\tc " }}]',
      ),
    ).toBe('[a b] [5.00] [fix] [dev] [abc]')
  })

  it('quotes', () => {
    expect(render('{{ quote "a\\"b" 1 nil }} {{ squote "a" 2 }} {{ .missing | quote }}|')).toBe(
      '"a\\"b" "1" \'a\' \'2\' |',
    )
  })

  it('tests substrings with Sprig argument order (needle first)', () => {
    expect(
      render(
        '{{ contains "ell" "hello" }} {{ hasPrefix "he" "hello" }} {{ hasSuffix "lo" "hello" }} {{ "hello" | contains "x" }}',
      ),
    ).toBe('true true true false')
  })

  it('joins and splits', () => {
    expect(
      render('{{ join "," .l }} {{ join "-" (list 1 nil "a") }} {{ join "," "solo" }}', { l: ['a', 'b'] }),
    ).toBe('a,b 1-a solo')
    expect(render('{{ splitList "," "a,b,,c" }} {{ (split "." "a.b")._1 }} {{ split "." "a.b" }}')).toBe(
      '[a b  c] b map[_0:a _1:b]',
    )
    expect(render('{{ keys .m | sortAlpha | join "," }}', { m: { b: 1, a: 2 } })).toBe('a,b')
  })

  it('requires string arguments where Sprig does', () => {
    expect(() => render('{{ upper 1 }}')).toThrow('expected string; found 1')
    expect(() => render('{{ upper .i }}', { i: 1 })).toThrow('wrong type for value; expected string; got int')
    expect(() => render('{{ upper .n }}', { n: null })).toThrow(
      'wrong type for value; expected string; got interface {}',
    )
    expect(() => render('{{ upper .missing }}')).toThrow('invalid value; expected string')
    expect(() => render('{{ lower .missing }}')).toThrow('invalid value; expected string')
  })
})

describe('conversion', () => {
  it('toString and toJson', () => {
    expect(render('{{ toString 1 }}{{ toString .l }}{{ toString nil }}', { l: [1, 'a'] })).toBe('1[1 a]<nil>')
    expect(render('{{ toJson .v }}', { v: { b: [1, 1.5, null, true], a: 'x<y>&', c: {} } })).toBe(
      '{"a":"x\\u003cy\\u003e\\u0026","b":[1,1.5,null,true],"c":{}}',
    )
    expect(render('{{ toJson "a\\nb" }} {{ toJson .missing }}')).toBe('"a\\nb" null')
  })

  it('int and the int64 arithmetic', () => {
    expect(
      render(
        '{{ add 1 2 "3" }} {{ sub 1 5 }} {{ mul 2 3 4 }} {{ div 7 2 }} {{ div -7 2 }} {{ mod -7 3 }} {{ add 1.9 1 }}',
      ),
    ).toBe('6 -4 24 3 -3 -1 2')
    expect(
      render(
        '{{ int "0x10" }} {{ int "12.00" }} {{ int "010" }} {{ int "abc" }} {{ int 3.9 }} {{ int true }} {{ int nil }}',
      ),
    ).toBe('16 12 8 0 3 1 0')
    expect(() => render('{{ div 1 0 }}')).toThrow('error calling div: runtime error: integer divide by zero')
  })
})

describe('collections', () => {
  it('list, dict, get, hasKey, keys', () => {
    expect(render('{{ list 1 "a" nil }} {{ dict "b" 1 "a" 2 }} {{ dict "odd" }}')).toBe(
      '[1 a <nil>] map[a:2 b:1] map[odd:]',
    )
    const data = { m: { a: 1, b: null } }
    expect(
      render(
        '{{ get .m "a" }}|{{ get .m "zz" }}|{{ hasKey .m "b" }}|{{ hasKey .m "zz" }}|{{ keys .m }}',
        data,
      ),
    ).toBe('1||true|false|[a b]')
    expect(render('{{ $d := dict "k" "v" }}{{ $d.k }} {{ (dict "x" (list 1 2)).x }}')).toBe('v [1 2]')
    expect(() => render('{{ get .s "a" }}', { s: 'notamap' })).toThrow(
      'expected map[string]interface {}; got string',
    )
  })
})

describe('env, required, fail', () => {
  it('reads env from options.env', () => {
    expect(render('{{ env "STAGE" }}|{{ env "NOPE" }}', {}, { env: { STAGE: 'dev' } })).toBe('dev|')
  })

  it('reads env from process.env by default', () => {
    process.env.ATMOS_LOGS_TEMPLATE_TEST = 'from-process'
    try {
      expect(render('{{ env "ATMOS_LOGS_TEMPLATE_TEST" }}')).toBe('from-process')
    } finally {
      delete process.env.ATMOS_LOGS_TEMPLATE_TEST
    }
  })

  it('required passes values through and fails on nil or empty strings', () => {
    expect(render('{{ required "need a" .a }}', { a: 0 })).toBe('0')
    expect(() => render('{{ required "vars.region is required" .region }}')).toThrow(
      'error calling required: vars.region is required',
    )
    expect(() => render('{{ .e | required "e must be set" }}', { e: '' })).toThrow('e must be set')
  })

  it('fail stops rendering with the message', () => {
    expect(() => render('{{ if not .ok }}{{ fail "ok must be true" }}{{ end }}')).toThrow(
      'error calling fail: ok must be true',
    )
  })
})

describe('caller functions', () => {
  it('adds options.funcs, which may override built-ins', () => {
    const funcs = { shout: (s: unknown) => `${String(s)}!`, upper: () => 'overridden' }
    expect(render('{{ shout .a }} {{ .a | shout }} {{ upper "x" }}', { a: 'hi' }, { funcs })).toBe(
      'hi! hi! overridden',
    )
  })

  it('reports a throwing function as an error calling it', () => {
    const funcs = {
      boom: () => {
        throw new Error('kaput')
      },
    }
    expect(() => render('{{ boom }}', {}, { funcs })).toThrow('error calling boom: kaput')
  })
})
