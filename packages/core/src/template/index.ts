/**
 * A Go text/template engine for atmos stack templates and log source specs.
 *
 * Supported: Go's action syntax (trim markers, comments, fields, variables, pipelines, parentheses,
 * literals, if/else if/with/else with/range with break and continue, define/template/block), Go's
 * predefined functions, and the Sprig functions atmos users use most (see sprig.ts). Output follows
 * Go's fmt exactly (maps as `map[a:1]`, lists as `[a b]`, `<no value>`, printf's `%!d(string=x)`).
 * Anything else is a TemplateError naming the construct, never a silently different value.
 *
 * Known differences from Go, all due to JavaScript values:
 * - numbers: an integral value is an int even when the YAML said `2.0` or the template `1e6`
 *   (Go: float64, printed `1e+06`); %e/%f/%g print integral numbers as floats where Go prints
 *   `%!f(int=2)`; eq/lt compare int and float64 values instead of refusing.
 * - missingKey 'zero' prints nothing for a missing key; Go prints `<no value>` for interface maps.
 * - range over an integer works as in Go 1.22+ (the reference checks used Go 1.19 otherwise).
 */
export { TemplateError } from './errors.js'
export { hasTemplate, type RenderOptions, renderDeep, renderTemplate } from './render.js'
