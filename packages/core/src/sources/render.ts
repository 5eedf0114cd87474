/**
 * Template rendering for source specs: strict (a missing key is an error naming the template and
 * the key). The template engine is loaded only when a value actually needs it.
 */
import type { PlainObject } from '../config/merge.js'
import { renderStrings } from '../stacks/templates.js'

export interface RenderContext {
  /** Names the template in error messages: `file: yaml.path`. */
  name: string
  data: PlainObject
  env?: NodeJS.ProcessEnv
}

export async function renderValue<T>(value: T, ctx: RenderContext): Promise<T> {
  return renderStrings(value, ctx.data, { name: ctx.name, missingKey: 'error', env: ctx.env })
}
