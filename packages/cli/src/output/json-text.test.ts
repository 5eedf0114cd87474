import { describe, expect, it } from '@jest/globals'
import { isJsonDocument, relayoutJson } from './json-text.js'

describe('isJsonDocument', () => {
  it.each([
    ['{"a":1}', true],
    ['  [1, 2]  ', true],
    ['{}', true],
    ['[INFO] started', false],
    ['{not json}', false],
    ['"just a string"', false],
    ['42', false],
    ['', false],
  ])('%j → %s', (text, expected) => {
    expect(isJsonDocument(text)).toBe(expected)
  })
})

describe('relayoutJson', () => {
  const text =
    '{ "level": "info", "id": 12345678901234567890, "ratio": 1.0,\n  "tags": [ ], "nested": { "q": "say \\"hi\\" {ok}, [x]: y", "empty": {} }, "list": [1, 2] }'

  it('compacts to one line, keeping numbers and strings exactly as written', () => {
    expect(relayoutJson(text, 0)).toBe(
      '{"level":"info","id":12345678901234567890,"ratio":1.0,"tags":[],"nested":{"q":"say \\"hi\\" {ok}, [x]: y","empty":{}},"list":[1,2]}',
    )
  })

  it('indents one member per line', () => {
    expect(relayoutJson(text, 2)).toBe(
      [
        '{',
        '  "level": "info",',
        '  "id": 12345678901234567890,',
        '  "ratio": 1.0,',
        '  "tags": [],',
        '  "nested": {',
        '    "q": "say \\"hi\\" {ok}, [x]: y",',
        '    "empty": {}',
        '  },',
        '  "list": [',
        '    1,',
        '    2',
        '  ]',
        '}',
      ].join('\n'),
    )
  })

  it('handles a string that ends in an escaped backslash', () => {
    expect(relayoutJson('{ "path": "C:\\\\" , "n": null }', 0)).toBe('{"path":"C:\\\\","n":null}')
  })
})
