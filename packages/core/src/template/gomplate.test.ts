/**
 * gomplate's namespaces. Expected values are gomplate's documented examples, or worked out by
 * hand from gomplate's conversion rules (the Go corpus covers Sprig only).
 */
/* biome-ignore-all lint/suspicious/noTemplateCurlyInString: the templates hold shell-style ${NAME} */
import { describe, expect, it } from '@jest/globals'
import { renderTemplate } from './index.js'

const env = { STAGE: 'dev', EMPTY: '' }
const render = (text: string, data: unknown = {}) => renderTemplate(text, data, { env })

describe('strings', () => {
  it.each([
    ['{{ strings.ToUpper "hello" }}', 'HELLO'],
    ['{{ "hello world" | strings.Title }}', 'Hello World'],
    ['{{ strings.ToLower "HeLLo" }}', 'hello'],
    ['{{ strings.ReplaceAll "-" "_" "a-b-c" }}', 'a_b_c'],
    ['{{ strings.Split "," "a,b,,c" }}', '[a b  c]'],
    ['{{ strings.SplitN "," 2 "a,b,c" }}', '[a b,c]'],
    ['{{ strings.TrimSpace "  x \\t" }}', 'x'],
    ['{{ strings.Trim "-" "--x--" }}', 'x'],
    ['{{ strings.TrimPrefix "pre-" "pre-fix" }}', 'fix'],
    ['{{ strings.TrimSuffix ".yaml" "dev.yaml" }}', 'dev'],
    ['{{ strings.Trunc 3 "abcdef" }}', 'abc'],
    ['{{ strings.Indent 2 "a\\n\\nb" }}', '  a\n\n  b'],
    ['{{ strings.Indent "> " "a\\nb" }}', '> a\n> b'],
    ['{{ strings.Indent 2 "-" "a" }}', '--a'],
    ['{{ strings.SnakeCase "Hello, World!" }}', 'Hello_world'],
    ['{{ strings.KebabCase "Hello, World!" }}', 'Hello-world'],
    ['{{ strings.CamelCase "Hello, World!" }}', 'HelloWorld'],
    ['{{ strings.CamelCase "hello jello" }}', 'helloJello'],
    ['{{ strings.Slug "Hello, world!" }}', 'hello-world'],
    ['{{ strings.Quote "in" }}', '"in"'],
    ['{{ strings.Squote "it\'s" }}', "'it''s'"],
    ['{{ strings.ShellQuote "it\'s" }}', `'it'"'"'s'`],
    ['{{ strings.Abbrev 5 "abcdefghij" }}', 'ab...'],
    ['{{ strings.Repeat 3 "ab" }}', 'ababab'],
    ['{{ strings.RuneCount "héllo" }}', '5'],
    ['{{ strings.Contains "ll" "hello" }}', 'true'],
    ['{{ strings.HasPrefix "he" "hello" }}', 'true'],
    ['{{ strings.HasSuffix "lo" "hello" }}', 'true'],
    ['{{ strings.WordWrap 5 "aaa bbb ccc" }}', 'aaa\nbbb\nccc'],
    ['{{ strings.ToUpper 42 }}', '42'],
    ['{{ strings.ToUpper .n }}', 'NIL'],
    ['{{ toUpper "x" }} {{ toLower "Y" }} {{ trimSpace " z " }} {{ replaceAll "a" "b" "aa" }}', 'X y z bb'],
    ['{{ shellQuote "a b" }} {{ splitN "a,b,c" "," 2 }}', "'a b' [a b,c]"],
  ])('%s → %j', (template, expected) => {
    expect(render(template, { n: null })).toBe(expected)
  })

  it('reports an unknown method or a wrong argument count as Go does', () => {
    expect(() => render('{{ strings.Nope "x" }}')).toThrow(
      "can't evaluate field Nope in type *funcs.StringFuncs",
    )
    expect(() => render('{{ strings.ToUpper }}')).toThrow('wrong number of args for ToUpper: want 1 got 0')
  })
})

describe('env and conv', () => {
  it.each([
    ['{{ env.Getenv "STAGE" }}', 'dev'],
    ['{{ env.Getenv "UNSET" "fallback" }}', 'fallback'],
    ['{{ env.Getenv "EMPTY" "fallback" }}', 'fallback'],
    ['{{ getenv "STAGE" }}', 'dev'],
    ['{{ env.ExpandEnv "$STAGE-${STAGE}" }}', 'dev-dev'],
    [
      '{{ conv.ToBool "yes" }} {{ conv.ToBool "TRUE" }} {{ conv.ToBool 1 }} {{ conv.ToBool "no" }}',
      'true true true false',
    ],
    ['{{ conv.Bool "t" }} {{ bool "0" }}', 'true false'],
    [
      '{{ conv.ToInt "0x10" }} {{ conv.ToInt64 "1,000" }} {{ conv.ToInt "3.9" }} {{ conv.ToInt "x" }}',
      '16 1000 3 0',
    ],
    [
      '{{ conv.ToFloat64 "1.5" }} {{ conv.ToFloat64 2 }} {{ printf "%T" (conv.ToFloat64 "2") }}',
      '1.5 2 float64',
    ],
    ['{{ conv.ToString 1.5 }} {{ conv.ToString .n }} {{ conv.ToString true }}', '1.5 nil true'],
    ['{{ conv.ToStrings 1 "a" }} {{ conv.ToInts "1" 2.5 }}', '[1 a] [1 2]'],
    ['{{ conv.Join (list "a" "b") "-" }}', 'a-b'],
    ['{{ conv.Has (dict "a" 1) "a" }} {{ conv.Has (list 1 2) 3 }}', 'true false'],
    ['{{ conv.Default "d" "" }} {{ conv.Default "d" "v" }}', 'd v'],
    ['{{ conv.Atoi "42" }} {{ conv.ParseInt "ff" 16 64 }}', '42 255'],
  ])('%s → %j', (template, expected) => {
    expect(render(template, { n: null })).toBe(expected)
  })

  it('conv.Default keeps a value that is true as Go templates say, a Map with entries included', () => {
    const data = { full: new Map([['a', 1]]), none: new Map(), zero: 0, list: [0] }
    expect(render('{{ conv.Default "d" .full }} {{ conv.Default "d" .none }}', data)).toBe('map[a:1] d')
    expect(render('{{ conv.Default "d" .zero }} {{ conv.Default "d" .list }}', data)).toBe('d [0]')
  })
})

describe('data', () => {
  it.each([
    ['{{ (data.JSON "{\\"a\\":{\\"b\\":1}}").a.b }}', '1'],
    ['{{ (json "{\\"a\\":[1,2]}").a }}', '[1 2]'],
    ['{{ data.JSONArray "[1, \\"x\\"]" }}', '[1 x]'],
    ['{{ (data.YAML "a: [1, 2]\\nb: {c: x}").b.c }}', 'x'],
    ['{{ (yaml "n: 3").n | add 1 }}', '4'],
    [
      '{{ (yaml "a: 2.0\\nb: 2").a }} {{ printf "%T %T" (yaml "a: 2.0").a (yaml "b: 2").b }}',
      '2 float64 int',
    ],
    ['{{ data.ToJSON (dict "a" 1 "b" (list "x")) }}', '{"a":1,"b":["x"]}'],
    ['{{ toJSON (dict "a" "<b>") }}', '{"a":"\\u003cb\\u003e"}'],
    ['{{ data.ToJSONPretty "  " (dict "a" 1) }}', '{\n  "a": 1\n}'],
    ['{{ data.ToYAML (dict "b" (list 1 2) "a" "x") }}', 'a: x\nb:\n  - 1\n  - 2\n'],
    ['{{ toYAML (dict "k" "v") }}', 'k: v\n'],
  ])('%s → %j', (template, expected) => {
    expect(render(template)).toBe(expected)
  })

  it('reports unreadable input', () => {
    expect(() => render('{{ data.JSON "[1]" }}')).toThrow('unable to unmarshal JSON object')
  })
})

describe('math and coll', () => {
  it.each([
    ['{{ math.Add 1 2 }} {{ math.Add 1 2.5 }} {{ math.Add "1" "2" }}', '3 3.5 3'],
    ['{{ math.Sub 5 7 }} {{ math.Mul 2 3 4 }}', '-2 24'],
    ['{{ math.Div 7 2 }} {{ math.Div 4 2 }} {{ printf "%T" (math.Div 4 2) }}', '3.5 2 float64'],
    ['{{ math.Max 1 5 3 }} {{ math.Min 1.5 0.5 }} {{ math.Abs -3 }}', '5 0.5 3'],
    ['{{ math.Round 2.5 }} {{ math.Round -2.5 }} {{ math.Floor 2.7 }} {{ math.Ceil 2.1 }}', '3 -3 2 3'],
    ['{{ math.Seq 3 }} {{ math.Seq 2 4 }} {{ math.Seq 5 1 2 }}', '[1 2 3] [2 3 4] [5 3 1]'],
    ['{{ math.Pow 2 3 }} {{ math.Rem 7 3 }} {{ pow 2 0.5 }} {{ rem 9 4 }}', '8 1 1.4142135623730951 1'],
    ['{{ math.IsInt "1" }} {{ math.IsFloat 1.5 }} {{ math.IsNum "x" }}', 'true true false'],
    ['{{ coll.Has (list 1 2) 2 }} {{ coll.Has (dict "a" 1) "b" }}', 'true false'],
    ['{{ coll.Keys (dict "b" 1 "a" 2) }} {{ coll.Values (dict "b" 1 "a" 2) }}', '[a b] [2 1]'],
    ['{{ coll.Sort (list "b" "a" "c") }} {{ coll.Sort (list 3 1 2) }}', '[a b c] [1 2 3]'],
    ['{{ coll.Merge (dict "a" 1) (dict "a" 2 "b" 3) }}', 'map[a:1 b:3]'],
    ['{{ coll.Pick "a" (dict "a" 1 "b" 2) }} {{ coll.Omit "a" (dict "a" 1 "b" 2) }}', 'map[a:1] map[b:2]'],
    [
      '{{ coll.Flatten (list 1 (list 2 (list 3))) }} {{ coll.Flatten 1 (list 1 (list 2 (list 3))) }}',
      '[1 2 3] [1 2 [3]]',
    ],
    [
      '{{ coll.Append 3 (list 1 2) }} {{ coll.Prepend 0 (list 1) }} {{ coll.Reverse (list 1 2) }}',
      '[1 2 3] [0 1] [2 1]',
    ],
    [
      '{{ coll.Dict "a" 1 "b" }} {{ coll.Slice 1 "a" }} {{ coll.Uniq (list 1 1 2) }}',
      'map[a:1 b:] [1 a] [1 2]',
    ],
  ])('%s → %j', (template, expected) => {
    expect(render(template)).toBe(expected)
  })
})

describe('time', () => {
  it.each([
    ['{{ (time.Parse "2006-01-02" "2024-03-05").Format "Jan 2, 2006" }}', 'Mar 5, 2024'],
    [
      '{{ (time.ParseInLocation "2006-01-02 15:04" "America/New_York" "2024-07-01 09:30").UTC.Format "15:04 MST" }}',
      '13:30 UTC',
    ],
    ['{{ (time.Unix 1700000000).UTC }}', '2023-11-14 22:13:20 +0000 UTC'],
    ['{{ time.ParseDuration "90m" }} {{ (time.ParseDuration "90m").Hours }}', '1h30m0s 1.5'],
    ['{{ gt ((time.Now).Unix) 1700000000 }}', 'true'],
  ])('%s → %j', (template, expected) => {
    expect(render(template)).toBe(expected)
  })
})

describe('test, crypto, base64, path, regexp', () => {
  it.each([
    ['{{ required "need stage" .stage }}', 'dev'],
    ['{{ test.Ternary "y" "n" true }} {{ kind 1 }} {{ isKind "map" (dict) }}', 'y int true'],
    ['{{ test.Ternary "y" "n" "yes" }} {{ test.Ternary "y" "n" "false" }}', 'y n'],
    ['{{ test.Ternary "y" "n" 2 }} {{ test.Ternary "y" "n" .missing }}', 'n n'],
    // reflect's kind, one answer for Sprig's kindOf and gomplate's test.Kind: time.Time is a struct,
    // semver's Version a pointer, time.Duration an int64 (a number).
    [
      '{{ test.Kind (time.Now) }} {{ kindOf now }} {{ test.Kind (semver "1.2.3") }} {{ kindOf (semver "1.2.3") }}',
      'struct struct ptr ptr',
    ],
    [
      '{{ test.Kind (time.ParseDuration "1h") }} {{ isKind "number" (time.ParseDuration "1h") }}',
      'int64 true',
    ],
    ['{{ crypto.SHA256 "" }}', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['{{ base64.Encode "hello" }} {{ base64.Decode "aGVsbG8=" }}', 'aGVsbG8= hello'],
    [
      '{{ path.Base "/a/b.txt" }} {{ path.Dir "/a/b.txt" }} {{ path.Ext "b.txt" }} {{ path.Join "a" "b" "../c" }}',
      'b.txt /a .txt a/c',
    ],
    [
      '{{ regexp.Replace "(a)(b)" "$2$1" "abab" }} {{ regexp.Match "^a" "abc" }} {{ regexp.Find "[0-9]+" "x12y" }}',
      'baba true 12',
    ],
  ])('%s → %j', (template, expected) => {
    expect(render(template, { stage: 'dev' })).toBe(expected)
  })

  it('required fails on a missing, nil or empty value with the given message', () => {
    expect(() => render('{{ required "need stage" .missing }}')).toThrow('need stage')
    expect(() => render('{{ required "need stage" .e }}', { e: '' })).toThrow('need stage')
  })

  it("Sprig's functions replace gomplate's top-level ones of the same name", () => {
    // gomplate's split is (s, sep) and returns a list; Sprig's is (sep, s) and returns a map
    expect(render('{{ (split "," "a,b")._1 }} {{ title "hello wORLD" }}')).toBe('b Hello WORLD')
  })

  it("env is both Sprig's function and gomplate's namespace", () => {
    expect(render('{{ env "STAGE" }} {{ env.Getenv "STAGE" }} {{ expandenv "${STAGE}" }}')).toBe(
      'dev dev dev',
    )
  })
})
