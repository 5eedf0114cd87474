/** Go's predefined template functions. Expected outputs were produced by Go's text/template (go1.19). */
import { describe, expect, it } from '@jest/globals'
import { renderTemplate } from './index.js'

const render = (text: string, data: unknown = {}) => renderTemplate(text, data)

describe('logic', () => {
  it('and/or return the deciding argument and short-circuit', () => {
    expect(
      render('{{ and 1 0 2 }} {{ and 1 2 }} {{ or 0 "" "x" }} {{ or 0 "" }} {{ not 0 }} {{ not .l }}', {
        l: [],
      }),
    ).toBe('0 2 x  true true')
    // The failing `index` is never evaluated.
    expect(render('{{ or 1 (index .missing 0) }} {{ and 0 (index .missing 0) }}')).toBe('1 0')
  })

  it('checks the number of arguments', () => {
    expect(() => render('{{ and }}')).toThrow('wrong number of args for and: want at least 1 got 0')
    expect(() => render('{{ not 1 2 }}')).toThrow('wrong number of args for not: want 1 got 2')
  })
})

describe('comparison', () => {
  it('compares basic values; eq accepts several candidates', () => {
    expect(
      render(
        '{{ eq 1 1 }} {{ eq "a" "b" "a" }} {{ ne 1 2 }} {{ lt 1 2 }} {{ le 2 2 }} {{ gt "b" "a" }} {{ ge 1 2 }} {{ eq .missing "x" }} {{ eq .missing .missing2 }} {{ eq .n nil }}',
        { n: null },
      ),
    ).toBe('true true true true true true false false true true')
  })

  it('refuses comparisons Go refuses', () => {
    expect(() => render('{{ eq 1 "a" }}')).toThrow('error calling eq: incompatible types for comparison')
    expect(() => render('{{ lt true false }}')).toThrow('error calling lt: invalid type for comparison')
    expect(() => render('{{ lt nil 1 }}')).toThrow('invalid type for comparison')
    expect(() => render('{{ eq .l .l }}', { l: [1] })).toThrow('non-comparable type')
  })
})

describe('len, index, slice', () => {
  const data = { l: [1, 2], m: { a: 'x' }, ll: [[1], [2]] }

  it('measure and index like Go (strings by byte)', () => {
    expect(
      render(
        '{{ len "héllo" }} {{ len .l }} {{ len .m }} {{ index .l 1 }} {{ index .m "a" }} {{ index .m "zz" }} {{ index "abc" 1 }} {{ index .ll 1 0 }} {{ index .l }}',
        data,
      ),
    ).toBe('6 2 1 2 x <no value> 98 2 [1 2]')
  })

  it("slice is Sprig's (which replaces Go's builtin): lists only", () => {
    expect(
      render('{{ slice .l 1 }} {{ slice .l }} {{ slice .l 0 1 }} {{ slice .e 0 }}', { l: [1, 2, 3], e: [] }),
    ).toBe('[2 3] [1 2 3] [1] <no value>')
  })

  it.each([
    ['{{ len .missing }}', 'error calling len'],
    ['{{ len 3 }}', 'len of type int'],
    ['{{ index .l 5 }}', 'index out of range: 5'],
    ['{{ index .missing 1 }}', 'index of untyped nil'],
    ['{{ index .l "a" }}', 'cannot index slice/array with type string'],
    ['{{ index .m 1 }}', 'value has type int; should be string'],
    ['{{ slice .l 2 1 }}', 'reflect.Value.Slice: slice index out of bounds'],
    ['{{ slice "abc" 1 2 }}', 'list should be type of slice or array but string'],
  ])('%s fails with %s', (text, message) => {
    expect(() => render(text, { l: [1, 2, 3], m: {} })).toThrow(message)
  })
})

describe('escapers', () => {
  it('html, js and urlquery escape as Go does', () => {
    expect(
      render(
        '{{ html "<a href=\'x\'>&\\"" }} {{ js "a\'b<>&=\\"\\\\\\n" }} {{ urlquery "a b&c/é?=" }} {{ html 1 2 }} {{ html nil }} {{ urlquery .missing }}',
      ),
    ).toBe(
      '&lt;a href=&#39;x&#39;&gt;&amp;&#34; a\\\'b\\u003C\\u003E\\u0026\\u003D\\"\\\\\\u000A a+b%26c%2F%C3%A9%3F%3D 1 2 &lt;no value&gt; %3Cno+value%3E',
    )
  })
})

describe('print family', () => {
  it('print, println and printf', () => {
    expect(
      render('{{ print 1 2 "a" 3 "b" "c" nil .l }}|{{ println 1 "a" nil }}|{{ print }}', { l: [1, 2] }),
    ).toBe('1 2a3bc<nil> [1 2]|1 a <nil>\n|')
    expect(render('{{ print .missing }} {{ .missing | print }} {{ printf "%v" .missing }}')).toBe(
      '<nil> <nil> <nil>',
    )
  })
})

describe('call', () => {
  it('calls a function value from the data', () => {
    expect(render('{{ call .f 2 3 }}', { f: (a: number, b: number) => a * b })).toBe('6')
  })

  it('fails clearly on what is not a function', () => {
    expect(() => render('{{ call .x }}', { x: 1 })).toThrow('error calling call: non-function of type int')
    expect(() => render('{{ call .missing }}')).toThrow('call of nil')
  })
})
