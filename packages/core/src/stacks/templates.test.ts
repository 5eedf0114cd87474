/**
 * The fast path for `{{ .a.b }}` templates must print exactly what the engine (and Go) prints,
 * trim markers included; whatever it cannot print alike goes to the engine.
 */
import { describe, expect, it } from '@jest/globals'
import { renderTemplate } from '../template/index.js'
import { renderText, type TemplateOptions } from './templates.js'

const data = {
  vars: {
    stage: 'dev',
    count: 2,
    ratio: 0.75,
    big: 1e21,
    on: true,
    none: null,
    list: ['a', 'b'],
    map: { k: 'v' },
  },
  s: 'Hello World',
}

const templates = [
  '{{ .vars.stage }}',
  '{{.vars.stage}}-{{ .vars.count }}',
  'a {{- .s -}} b',
  'a  {{- .s }}  b',
  'a  {{ .s -}}  b',
  'a\n  {{- .s -}}\n  b',
  '{{- .s }}\n',
  '{{ .vars.on }} {{ .vars.none }} {{ .vars.ratio }} {{ .vars.big }}',
  '{{ .vars.list }} {{ .vars.map }} {{ .vars }}',
  '{{ .vars.missing }}-{{ .missing.deeper }}',
  '{{ .vars.stage.deeper }}',
  '{{ .vars.none.deeper }}',
  '{{-.vars.stage}}',
  '{{ .vars.stage }}{{ "x" }}',
  '{{ .s }}\t{{- .vars.stage -}}\r\n{{ .vars.count }}',
]

function outcome(fn: () => string | Promise<string>): Promise<string> {
  return Promise.resolve()
    .then(fn)
    .catch((err: Error) => `error: ${(err as { reason?: string }).reason ?? err.message}`)
}

describe('field-path fast path', () => {
  it.each(templates)('%j prints as the engine does', async (text) => {
    for (const missingKey of ['default', 'zero'] as const) {
      const opts: TemplateOptions = { name: 't', missingKey }
      const engine = await outcome(() => renderTemplate(text, data, { name: 't', missingKey }))
      expect(await outcome(() => renderText(text, data, opts))).toBe(engine)
    }
  })

  it("applies Go's trim markers", async () => {
    const opts: TemplateOptions = { name: 't', missingKey: 'default' }
    expect(await renderText('a {{- .s -}} b', data, opts)).toBe('aHello Worldb')
    expect(await renderText('x\n  {{- .vars.stage }}\n', data, opts)).toBe('xdev\n')
    expect(await renderText('{{ .vars.ratio }} {{ .vars.big }}', data, opts)).toBe('0.75 1e+21')
  })

  it('keeps the named error for a missing key where the caller asks for one', async () => {
    const opts: TemplateOptions = { name: 'spec.log_group', missingKey: 'error' }
    await expect(renderText('/aws/{{ .vars.stgae }}', data, opts)).rejects.toThrow(
      "uses .vars.stgae, but .vars has no key 'stgae'",
    )
  })
})
