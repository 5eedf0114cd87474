/** Go's fmt as templates use it. Expected strings were produced by Go (go1.19) for the same input. */
import { describe, expect, it } from '@jest/globals'
import { formatFloat } from './float.js'
import { renderTemplate } from './index.js'
import { sprint, sprintf, sprintln } from './printf.js'

const render = (text: string, data: unknown = {}) => renderTemplate(text, data)

describe('printf', () => {
  it('formats the common verbs with flags and widths', () => {
    expect(
      render(
        '{{ printf "%5.2f|%-5d|%05d|%x|%X|%o|%b|%q|%v|%t|%c|%U" 3.14159 42 -42 255 255 8 5 "hi" true true 65 65 }}',
      ),
    ).toBe(' 3.14|42   |-0042|ff|FF|10|101|"hi"|true|true|A|U+0041')
    expect(
      render(
        '{{ printf "%+d % d %+.3e %10.3f|%-10s|%10s|%.2s|%q" 5 5 12345.678 3.14159 "ab" "ab" "héllo" "a\\tb\\u00e9\\x01" }}',
      ),
    ).toBe('+5  5 +1.235e+04      3.142|ab        |        ab|hé|"a\\tbé\\x01"')
    expect(
      render(
        '{{ printf "%6.2f|%-8.3f|%08.3f|%+08.2f|% .2f|%+.1e|%x" 3.14159 2.5 -3.14159 1.5 1.5 12345.0 -255 }}',
      ),
    ).toBe('  3.14|2.500   |-003.142|+0001.50| 1.50|+1.2e+04|-ff')
    expect(render('{{ printf "%#o %#b %#X %08x %.5d %.0d|%5.0d|" 8 5 255 255 42 0 0 }}')).toBe(
      '010 0b101 0XFF 000000ff 00042 |     |',
    )
    expect(render('{{ printf "%05s|%-05d|%5t|%.3q" "ab" 3 true "abcdef" }}')).toBe('000ab|3    | true|"abc"')
  })

  it('reports bad verbs, missing and extra arguments in-band, as Go does', () => {
    expect(
      render(
        '{{ printf "%d %s %t" "x" 5 1 }}|{{ printf "%d" }}|{{ printf "%d" 1 2 "x" }}|{{ printf "%!" }}|{{printf "%"}}|{{printf "%z" 1}}',
      ),
    ).toBe(
      '%!d(string=x) %!s(int=5) %!t(int=1)|%!d(MISSING)|1%!(EXTRA int=2, string=x)|%!!(MISSING)|%!(NOVERB)|%!z(int=1)',
    )
    expect(render('{{ printf "%s %v %d" nil nil nil }}')).toBe('%!s(<nil>) <nil> %!d(<nil>)')
    expect(render('{{ printf "%d" 1.5 }} {{ printf "%s" 1.5 }}')).toBe('%!d(float64=1.5) %!s(float64=1.5)')
  })

  it('supports argument indexes and * widths', () => {
    expect(
      render(
        '{{ printf "%[2]d %[1]d" 1 2 }}|{{ printf "%*d|%-*d|%.*f" 5 1 4 2 2 3.14159 }}|{{ printf "%[3]d" 1 }}',
      ),
    ).toBe('2 1|    1|2   |3.14|%!d(BADINDEX)')
  })

  it('applies the verb to each element of lists and maps', () => {
    const data = { l: ['a', 1, null], m: { b: 'x', a: 2 }, n: [1, 22] }
    expect(
      render(
        '{{ printf "%s" .l }}|{{ printf "%d" .l }}|{{ printf "%q" .l }}|{{ printf "%5v" .l }}|{{ printf "%s" .m }}|{{ printf "%5d" .n }}',
        data,
      ),
    ).toBe(
      '[a %!s(int=1) <nil>]|[%!d(string=a) 1 <nil>]|["a" \'\\x01\' <nil>]|[    a     1 <nil>]|map[a:%!s(int=2) b:x]|[    1    22]',
    )
  })

  it('formats strings as hex and quotes them like strconv', () => {
    expect(render('{{ printf "%x" "hi" }}|{{ printf "% x" "hi" }}|{{ printf "%#x" "hi" }}')).toBe(
      '6869|68 69|0x6869',
    )
    expect(render('{{ printf "%q %+q %#q %q" "é\\u2028" "é" "a`b" 9731 }}')).toBe(
      '"é\\u2028" "\\u00e9" "a`b" \'☃\'',
    )
  })

  it('prints %T as Go type names', () => {
    expect(render('{{ printf "%T %T %T %T %T %T" 1 1.5 "s" true .l .m }}', { l: [], m: {} })).toBe(
      'int float64 string bool []interface {} map[string]interface {}',
    )
  })

  it('refuses what it cannot do faithfully instead of printing something else', () => {
    expect(() => render('{{ printf "%#v" 1 }}')).toThrow('not supported')
    expect(() => render('{{ printf "%.2x" 1.5 }}')).toThrow('not supported')
  })

  it('keeps int and float64 apart as Go does', () => {
    expect(sprintf('%.1f', [2])).toBe('%!f(int=2)')
    expect(render('{{ printf "%.1f" 2.0 }} {{ printf "%d" 2.0 }} {{ 1e6 }} {{ printf "%x" 1.5 }}')).toBe(
      '2.0 %!d(float64=2) 1e+06 0x1.8p+00',
    )
  })
})

describe('print and println', () => {
  it('adds spaces only between operands that are not strings', () => {
    expect(sprint([1, 2, 'a', 3, 'b', 'c', null, [1, 2]])).toBe('1 2a3bc<nil> [1 2]')
    expect(sprintln([1, 'a', null])).toBe('1 a <nil>\n')
    expect(sprint([])).toBe('')
  })
})

describe('floats', () => {
  it('prints %v as the shortest representation, switching to exponents like Go', () => {
    expect(render('{{ printf "%v %v %v %v %v %v" 1e20 1e21 0.0001 0.00001 123456.7 1234567.8 }}')).toBe(
      '1e+20 1e+21 0.0001 1e-05 123456.7 1.2345678e+06',
    )
    expect(render('{{ print 1.5 1e-7 }}')).toBe('1.5 1e-07')
  })

  it('rounds half to even on the exact binary value', () => {
    expect(render('{{ printf "%.0f %.0f %.0f %.1f %.2f" 0.5 1.5 2.5 0.25 1.005 }}')).toBe('0 2 2 0.2 1.00')
  })

  it('implements %e, %g and precision', () => {
    expect(
      render(
        '{{ printf "%g %G %E %.3g %v|%.2v|%10.3v|%e" 1e-7 1e21 1.5 1234.5678 3.14159 3.14159 3.14159 1e100 }}',
      ),
    ).toBe('1e-07 1E+21 1.500000E+00 1.23e+03 3.14159|3.1|      3.14|1.000000e+100')
  })

  it('formats special values', () => {
    expect(formatFloat(Number.NaN, 'g', -1)).toBe('NaN')
    expect(formatFloat(Number.POSITIVE_INFINITY, 'f', 2)).toBe('+Inf')
    expect(formatFloat(-0, 'g', -1)).toBe('-0')
    expect(formatFloat(0, 'e', -1)).toBe('0e+00')
    expect(sprintf('%v %5.1f', [Number.POSITIVE_INFINITY, Number.NaN])).toBe('+Inf   NaN')
  })
})
