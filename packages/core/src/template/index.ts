/**
 * A Go text/template engine for atmos stack templates and log source specs.
 *
 * Supported: Go's action syntax (trim markers, comments, fields, variables, pipelines, parentheses,
 * literals, if/else if/with/else with/range with break and continue, define/template/block), Go's
 * predefined functions, and Sprig's functions as atmos registers them (see sprig.ts). Go's type
 * rules are kept: int and float64 are apart (`1e6` prints `1e+06`, `printf "%.1f" 1` prints
 * `%!f(int=1)`, `lt 1 1.5` fails), parameters are checked as Go converts them, and output
 * follows Go's fmt (maps as `map[a:1]`, lists as `[a b]`, `<no value>`).
 *
 * test/template-corpus holds templates rendered by Go itself; its test checks this engine against
 * them and lists the few known differences with their reasons. The main ones, due to JavaScript:
 * integers beyond 2^53 lose precision, a YAML `2.0` in the data is the int 2 (the YAML reader
 * gives numbers, not Go types), and Sprig's results have no static Go types (`typeOf` of
 * `splitList` is `[]interface {}`, not `[]string`). Range over an integer works as in Go 1.22+.
 */
export { TemplateError } from './errors.js'
export { fieldRefs, plainFieldRef } from './refs.js'
export { hasTemplate, type RenderOptions, renderDeep, renderTemplate } from './render.js'
