import { describe, expect, it } from '@jest/globals'
import type { TemplateProblem } from './errors.js'
import { lex } from './lexer.js'

const types = (text: string) => lex(text).map((t) => `${t.type}:${t.val}`)

describe('lex', () => {
  it('splits text and actions', () => {
    expect(types('a {{ .b }} c')).toEqual([
      'text:a ',
      'leftDelim:{{',
      'space: ',
      'field:.b',
      'space: ',
      'rightDelim:}}',
      'text: c',
      'eof:',
    ])
  })

  it('lexes every item of the action grammar', () => {
    const items = lex('{{ $x := .a.b | f "s" `r` \'c\' 1.5 -2 (true) nil . $ , = }}')
      .map((t) => t.type)
      .filter((t) => t !== 'space')
    expect(items).toEqual([
      'leftDelim',
      'variable',
      'declare',
      'field',
      'field',
      'pipe',
      'identifier',
      'string',
      'rawString',
      'char',
      'number',
      'number',
      'leftParen',
      'bool',
      'rightParen',
      'nil',
      'dot',
      'variable',
      'comma',
      'assign',
      'rightDelim',
      'eof',
    ])
  })

  it('recognises keywords', () => {
    expect(types('{{if}}{{else}}{{end}}').filter((t) => t.startsWith('keyword'))).toEqual([
      'keyword:if',
      'keyword:else',
      'keyword:end',
    ])
  })

  it('applies trim markers to neighbouring text only', () => {
    expect(types('a \n {{- 1 -}} \n b')).toEqual([
      'text:a',
      'leftDelim:{{- ',
      'number:1',
      'rightDelim: -}}',
      'text:b',
      'eof:',
    ])
  })

  it('reads {{-3}} as the number -3, not a trim marker', () => {
    expect(types('x {{-3}}')).toEqual(['text:x ', 'leftDelim:{{', 'number:-3', 'rightDelim:}}', 'eof:'])
  })

  it('drops comments, trimming around them when asked', () => {
    expect(types('a {{/* c */}} b')).toEqual(['text:a ', 'text: b', 'eof:'])
    expect(types('a {{- /* c */ -}} b')).toEqual(['text:a', 'text:b', 'eof:'])
  })

  it('keeps newlines inside raw strings', () => {
    expect(lex('{{ `a\nb` }}')[2].val).toBe('`a\nb`')
  })

  const problem = (text: string): TemplateProblem => {
    try {
      lex(text)
    } catch (err) {
      return err as TemplateProblem
    }
    throw new Error('expected a lexing problem')
  }

  it.each([
    ['abc {{ .a', 'unclosed action', 4],
    ['{{ "abc }}', 'unterminated quoted string', 3],
    ['{{ `abc }}', 'unterminated raw quoted string', 3],
    ["{{ 'a }}", 'unterminated character constant', 3],
    ['{{ (1 }}', 'unclosed left paren', 6],
    ['{{ 1) }}', 'unexpected right paren', 4],
    ['{{ 3x }}', 'bad number syntax: "3x"', 3],
    ['{{ .a! }}', 'bad character "!"', 5],
    ['{{ a : b }}', 'expected :=', 5],
    ['{{/* x ', 'unclosed comment', 0],
    ['{{/* x */ }}', 'comment ends before closing delimiter', 7],
  ])('reports %j as %s at offset %d', (text, reason, pos) => {
    const p = problem(text)
    expect(p.reason).toContain(reason)
    expect(p.pos).toBe(pos)
  })
})
