/**
 * The one error type the template engine throws. It is a ConfigError (exit 2) because a template
 * lives in configuration: the fix is always in a stack manifest or atmos.yaml.
 */
import { ConfigError } from '../errors.js'

export interface TemplateErrorDetails {
  /** The template's name as the caller gave it (e.g. `stacks/dev.yaml: logs.sources.app.spec.log_group`). */
  templateName: string
  /** 1-based line and column inside the template text. */
  line: number
  column: number
  /** What went wrong, e.g. `map has no entry for key "nmae"`. */
  reason: string
  /** The construct the problem is in, e.g. `.vars.nmae` or `{{if}}`. */
  construct?: string
  hint?: string
  cause?: unknown
}

export class TemplateError extends ConfigError {
  readonly templateName: string
  readonly line: number
  readonly column: number
  readonly reason: string
  readonly construct?: string

  constructor(details: TemplateErrorDetails) {
    const where = `${details.templateName} at ${details.line}:${details.column}`
    const what = details.construct ? `${details.reason} (in ${details.construct})` : details.reason
    super(`Template ${where}: ${what}.`, {
      hint: details.hint ?? 'Fix the template in your stack or atmos.yaml configuration.',
      cause: details.cause,
    })
    this.templateName = details.templateName
    this.line = details.line
    this.column = details.column
    this.reason = details.reason
    this.construct = details.construct
  }
}

/**
 * A problem found by the lexer or parser, or by a function while it runs. It knows only an offset
 * (or nothing); the caller that knows the template's name and text turns it into a TemplateError.
 */
export class TemplateProblem extends Error {
  constructor(
    readonly reason: string,
    readonly pos?: number,
    readonly construct?: string,
    readonly hint?: string,
  ) {
    super(reason)
  }
}

/** 1-based line and column of `offset` in `text`. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)))
  const lastNewline = before.lastIndexOf('\n')
  const line = before.split('\n').length
  return { line, column: before.length - lastNewline }
}
