import { describe, expect, it } from '@jest/globals'
import { rejectionOf } from '../../test/project.js'
import { ConfigError } from '../errors.js'
import { renderValue } from './render.js'

const NAME = '/p/stacks/dev.yaml: components.terraform.api.logs.sources.app'

const failure = (promise: Promise<unknown>) => rejectionOf(promise, ConfigError)

describe('renderValue (source specs)', () => {
  it('renders present values, keeping non-string spec values as they are', async () => {
    const spec = { log_group: '/aws/lambda/{{ .vars.stage }}-api', limit: 100, tags: ['a'], on: true }
    const out = await renderValue(spec, { name: `${NAME}.spec`, data: { vars: { stage: 'dev' } } })
    expect(out).toEqual({ log_group: '/aws/lambda/dev-api', limit: 100, tags: ['a'], on: true })
  })

  // `stage:` with nothing after it is null in YAML; Go prints "<no value>" for it even with
  // missingkey=error, which would send a read to a log group that does not exist.
  it('refuses a template whose value is an empty (null) key instead of printing <no value>', async () => {
    const err = await failure(
      renderValue(
        { log_group: '/aws/lambda/{{ .vars.stage }}-api' },
        { name: `${NAME}.spec`, data: { vars: { stage: null } } },
      ),
    )
    expect(err.message).toContain(`${NAME}.spec.log_group`)
    expect(err.message).toContain('.vars.stage')
    expect(err.message).toContain('empty')
    expect(err.hint).toMatch(/vars\.stage/)
  })

  it('also catches an empty value reached through the full template engine', async () => {
    const err = await failure(
      renderValue(
        { log_group: '{{ .vars.stage | printf "%s" }}/{{ .vars.name }}' },
        { name: `${NAME}.spec`, data: { vars: { stage: 'dev', name: null } } },
      ),
    )
    expect(err.message).toContain('.vars.name')
  })

  it('leaves a literal <no value> that the user wrote alone', async () => {
    const out = await renderValue(
      { note: '<no value> {{ .vars.stage }}' },
      { name: `${NAME}.spec`, data: { vars: { stage: 'dev' } } },
    )
    expect(out).toEqual({ note: '<no value> dev' })
  })
})
