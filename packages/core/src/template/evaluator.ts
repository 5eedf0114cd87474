/**
 * Executes a parse tree over data with Go's text/template semantics: pipelines pass their value
 * as the last argument, fields index maps, `range` walks lists in order and maps by sorted key,
 * variables are scoped to their block, and the missing-key option decides what an absent map key
 * means. Problems throw TemplateProblem with the offset of the node that failed.
 */
import { nearMatches } from '../config/suggest.js'
import type {
  ArgNode,
  BranchNode,
  ChainNode,
  FieldNode,
  IdentifierNode,
  ListNode,
  Node,
  ParsedTemplate,
  PipeNode,
  TemplateNode,
  VariableNode,
} from './ast.js'
import { TemplateProblem } from './errors.js'
import { checkArg, checkLiteral, type FuncSpec, type FuncTable, paramKind } from './functions.js'
import { formatValue } from './printf.js'
import {
  type GoMap,
  GoStruct,
  goTypeName,
  isMap,
  isTrue,
  kindOf,
  mapGet,
  mapHas,
  mapKeys,
  toNumber,
} from './values.js'

export type MissingKey = 'error' | 'zero' | 'default'

export interface ExecOptions {
  missingKey: MissingKey
  funcs: FuncTable
}

/** No value was passed on from a previous pipeline stage (Go's missingVal). */
const MISSING: unique symbol = Symbol('missing')
/** The previous stage's value, or MISSING in a pipeline's first command. */
type Final = unknown

const BREAK = Symbol('break')
const CONTINUE = Symbol('continue')

/** Deep enough for any sane recursion through {{template}}, shallow enough for the JS stack. */
const MAX_TEMPLATE_DEPTH = 1000

interface Variable {
  name: string
  value: unknown
}

export function execute(tree: ParsedTemplate, source: string, data: unknown, options: ExecOptions): string {
  const root = data === null ? undefined : data
  return new Exec(tree, source, options, [{ name: '$', value: root }]).run(root)
}

class Exec {
  private out = ''
  private depth = 0

  constructor(
    private readonly tree: ParsedTemplate,
    private readonly source: string,
    private readonly options: ExecOptions,
    private vars: Variable[],
  ) {}

  run(dot: unknown): string {
    this.walk(dot, this.tree.root)
    return this.out
  }

  private text(node: { pos: number; end: number }): string {
    return this.source.slice(node.pos, node.end)
  }

  private problem(reason: string, node: { pos: number; end?: number }, hint?: string): TemplateProblem {
    const construct = node.end === undefined ? undefined : this.text(node as { pos: number; end: number })
    return new TemplateProblem(reason, node.pos, construct, hint)
  }

  // ---- statements

  private walk(dot: unknown, node: Node): void {
    switch (node.type) {
      case 'text':
        this.out += node.text
        return
      case 'list':
        for (const n of node.nodes) this.walk(dot, n)
        return
      case 'action': {
        const value = this.evalPipeline(dot, node.pipe)
        if (node.pipe.decl.length === 0) this.out += this.printable(value, node.pipe)
        return
      }
      case 'if':
      case 'with':
        this.walkIfOrWith(dot, node)
        return
      case 'range':
        this.walkRange(dot, node)
        return
      case 'template':
        this.walkTemplate(dot, node)
        return
      case 'break':
        throw BREAK
      case 'continue':
        throw CONTINUE
    }
  }

  private printable(value: unknown, node: PipeNode): string {
    if (value === undefined || value === null) return '<no value>' // nil and no value print alike, in every missingkey mode
    if (typeof value === 'function') throw this.problem("can't print a function value", node)
    return this.guard(node, () => formatValue(value))
  }

  private walkIfOrWith(dot: unknown, node: BranchNode): void {
    const mark = this.vars.length
    const value = this.evalPipeline(dot, node.pipe)
    if (isTrue(value)) this.walk(node.type === 'with' ? value : dot, node.list)
    else if (node.elseList) this.walk(dot, node.elseList)
    this.vars.length = mark
  }

  private walkRange(dot: unknown, node: BranchNode): void {
    const mark = this.vars.length
    const value = this.evalPipeline(dot, node.pipe)
    const { decl, isAssign } = node.pipe
    const bodyMark = this.vars.length
    const iterate = (key: unknown, elem: unknown) => {
      if (decl.length > 0) {
        if (isAssign) this.setVar(decl[0], decl.length > 1 ? key : elem)
        else this.vars[this.vars.length - 1].value = elem
      }
      if (decl.length > 1) {
        if (isAssign) this.setVar(decl[1], elem)
        else this.vars[this.vars.length - 2].value = key
      }
      try {
        this.walk(elem, node.list)
      } catch (signal) {
        if (signal !== CONTINUE) throw signal
      } finally {
        this.vars.length = bodyMark
      }
    }
    let iterations = 0
    try {
      switch (kindOf(value)) {
        case 'list':
          for (const [i, elem] of (value as unknown[]).entries()) {
            iterations++
            iterate(i, elem ?? null)
          }
          break
        case 'map':
          for (const key of mapKeys(value as GoMap)) {
            iterations++
            iterate(key, mapGet(value as GoMap, key) ?? null)
          }
          break
        case 'int': {
          if (decl.length > 1) {
            throw this.problem(
              `can't use ${formatValue(value)} to iterate over more than one variable`,
              node.pipe,
            )
          }
          const n = toNumber(value)
          for (let i = 0; i < n; i++) {
            iterations++
            iterate(i, i)
          }
          break
        }
        case 'nil':
          break
        default:
          throw this.problem(`range can't iterate over ${formatValue(value)}`, node.pipe)
      }
    } catch (signal) {
      if (signal !== BREAK) throw signal
    }
    if (iterations === 0 && node.elseList) this.walk(dot, node.elseList)
    this.vars.length = mark
  }

  private walkTemplate(dot: unknown, node: TemplateNode): void {
    const body: ListNode | undefined = this.tree.defines.get(node.name)
    if (!body) {
      const known = [...this.tree.defines.keys()]
      const hint = known.length
        ? `Defined templates: ${known.map((n) => `"${n}"`).join(', ')}.`
        : 'Define it with {{define "name"}}...{{end}} in the same template.'
      throw new TemplateProblem(
        `template "${node.name}" not defined`,
        node.pos,
        `{{template "${node.name}"}}`,
        hint,
      )
    }
    if (this.depth >= MAX_TEMPLATE_DEPTH) {
      throw new TemplateProblem(
        `exceeded maximum template depth (${MAX_TEMPLATE_DEPTH})`,
        node.pos,
        `{{template "${node.name}"}}`,
      )
    }
    const value = node.pipe ? this.evalPipeline(dot, node.pipe) : undefined
    const saved = this.vars
    this.vars = [{ name: '$', value }]
    this.depth++
    try {
      this.walk(value, body)
    } finally {
      this.depth--
      this.vars = saved
    }
  }

  // ---- variables

  private varValue(node: VariableNode): unknown {
    const name = node.idents[0]
    for (let i = this.vars.length - 1; i >= 0; i--) if (this.vars[i].name === name) return this.vars[i].value
    throw this.problem(`undefined variable: ${name}`, node)
  }

  private setVar(node: VariableNode, value: unknown): void {
    const name = node.idents[0]
    for (let i = this.vars.length - 1; i >= 0; i--) {
      if (this.vars[i].name === name) {
        this.vars[i].value = value
        return
      }
    }
    throw this.problem(`undefined variable: ${name}`, node)
  }

  // ---- pipelines and commands

  private evalPipeline(dot: unknown, pipe: PipeNode): unknown {
    let value: unknown
    let final: Final = MISSING
    for (const cmd of pipe.cmds) {
      value = this.evalCommand(dot, cmd.args, final)
      if (value === null) value = undefined // Go turns a nil interface into "no value" between stages
      final = value
    }
    for (const variable of pipe.decl) {
      if (pipe.isAssign) this.setVar(variable, value)
      else this.vars.push({ name: variable.idents[0], value })
    }
    return value
  }

  private evalCommand(dot: unknown, args: ArgNode[], final: Final): unknown {
    const first = args[0]
    switch (first.type) {
      case 'field':
        return this.evalFieldChain(dot, dot, first, '', first.idents, args, final)
      case 'chain':
        return this.evalChain(dot, first, args, final)
      case 'identifier':
        return this.evalFunction(dot, first, args, final)
      case 'pipe':
        this.notAFunction(args, final)
        return this.evalPipeline(dot, first)
      case 'variable':
        return this.evalVariable(dot, first, args, final)
    }
    this.notAFunction(args, final)
    switch (first.type) {
      case 'bool':
      case 'number':
      case 'string':
        return first.value
      case 'dot':
        return dot
      case 'nil':
        throw this.problem('nil is not a command', first)
    }
  }

  private notAFunction(args: ArgNode[], final: Final): void {
    if (args.length > 1 || final !== MISSING) {
      throw this.problem(`can't give argument to non-function ${this.text(args[0])}`, args[0])
    }
  }

  /** A function argument: functions named bare are called without arguments. */
  private evalArg(dot: unknown, node: ArgNode): unknown {
    switch (node.type) {
      case 'dot':
        return dot
      case 'nil':
        return null
      case 'bool':
      case 'number':
      case 'string':
        return node.value
      default:
        return this.evalCommand(dot, [node], MISSING)
    }
  }

  private evalVariable(dot: unknown, node: VariableNode, args: ArgNode[], final: Final): unknown {
    const value = this.varValue(node)
    if (node.idents.length === 1) {
      this.notAFunction(args, final)
      return value
    }
    return this.evalFieldChain(dot, value, node, node.idents[0], node.idents.slice(1), args, final)
  }

  private evalChain(dot: unknown, node: ChainNode, args: ArgNode[], final: Final): unknown {
    if (node.node.type === 'nil') throw this.problem('indirection through explicit nil', node)
    let receiver = this.evalArg(dot, node.node)
    if (receiver === null) receiver = undefined
    return this.evalFieldChain(dot, receiver, node, this.text(node.node), node.fields, args, final)
  }

  // ---- fields

  private evalFieldChain(
    dot: unknown,
    receiver: unknown,
    node: FieldNode | VariableNode | ChainNode,
    base: string,
    fields: string[],
    args: ArgNode[],
    final: Final,
  ): unknown {
    let value = receiver
    fields.forEach((name, i) => {
      const last = i === fields.length - 1
      const hasArgs = last && (args.length > 1 || final !== MISSING)
      const parent =
        base +
          fields
            .slice(0, i)
            .map((f) => `.${f}`)
            .join('') || '.'
      if (value instanceof GoStruct && value.methods[name]) {
        // a method: Go calls it with the command's arguments when it is the last field
        const spec = value.methods[name]
        value = this.callSpec(dot, name, spec, last ? args : [args[0]], last ? final : MISSING, node)
        return
      }
      value = this.evalField(value, name, node, parent, hasArgs, i > 0)
    })
    return value
  }

  private evalField(
    receiver: unknown,
    name: string,
    node: FieldNode | VariableNode | ChainNode,
    parent: string,
    hasArgs: boolean,
    /** The receiver came out of a map, so Go knows it only as interface {}. */
    fromField = false,
  ): unknown {
    const path = `${parent === '.' ? '' : parent}.${name}`
    if (receiver === undefined) {
      if (this.options.missingKey === 'error') {
        throw new TemplateProblem(
          parent === '.'
            ? `the template data is empty, so it has no key "${name}"`
            : `${parent} has no value, so it has no key "${name}"`,
          node.pos,
          path,
          `Check that ${parent} is defined for this component, or test it first with {{ with ${parent} }}...{{ end }}.`,
        )
      }
      return undefined
    }
    if (receiver === null) {
      throw new TemplateProblem(
        `nil pointer evaluating ${path}: ${parent} is nil (null)`,
        node.pos,
        path,
        `Give ${parent} a value, or test it first with {{ with ${parent} }}...{{ end }}.`,
      )
    }
    if (isMap(receiver)) {
      if (hasArgs) throw new TemplateProblem(`${name} is not a method but has arguments`, node.pos, path)
      if (mapHas(receiver, name)) return mapGet(receiver, name) ?? null
      if (this.options.missingKey === 'zero') return null
      if (this.options.missingKey === 'default') return undefined
      throw this.missingKey(receiver, name, node, parent, path)
    }
    const type = fromField ? 'interface {}' : goTypeName(receiver)
    throw new TemplateProblem(`can't evaluate field ${name} in type ${type}`, node.pos, path)
  }

  private missingKey(
    map: GoMap,
    name: string,
    node: { pos: number },
    parent: string,
    path: string,
  ): TemplateProblem {
    const keys = mapKeys(map)
    const near = nearMatches(name, keys).filter((k) => k.length > 1 || name.length <= 2)
    const suggestion = near.length ? `Did you mean ${near.map((k) => `"${k}"`).join(' or ')}? ` : ''
    const hint =
      `${suggestion}Check the spelling of ${path}, or define "${name}" ${parent === '.' ? 'at the top level of the template data' : `under ${parent}`}. ` +
      `For an optional key write {{ index ${parent} "${name}" | default "..." }}.`
    return new TemplateProblem(`map has no entry for key "${name}"`, node.pos, path, hint)
  }

  // ---- functions

  private evalFunction(dot: unknown, node: IdentifierNode, args: ArgNode[], final: Final): unknown {
    const name = node.name
    const spec = this.options.funcs.get(name)
    if (!spec) throw this.problem(`function "${name}" not defined`, node)
    return this.callSpec(dot, name, spec, args, final, node)
  }

  /** Calls a function or method: `args[0]` is the node naming it, the rest are its arguments. */
  private callSpec(
    dot: unknown,
    name: string,
    spec: FuncSpec,
    args: ArgNode[],
    final: Final,
    node: { pos: number; end: number },
  ): unknown {
    const argNodes = args.slice(1)
    const call = args.length > 1 ? { pos: node.pos, end: args[args.length - 1].end } : node
    const numIn = argNodes.length + (final === MISSING ? 0 : 1)
    if (spec.variadic !== undefined ? numIn < spec.params.length : numIn !== spec.params.length) {
      const want = spec.variadic !== undefined ? `at least ${spec.params.length}` : `${spec.params.length}`
      throw this.problem(`wrong number of args for ${name}: want ${want} got ${numIn}`, call)
    }
    if (spec.lazy) {
      let value: unknown
      for (const arg of argNodes) {
        value = this.evalArg(dot, arg)
        if (isTrue(value) === (spec.lazy === 'or')) return value
      }
      return final === MISSING ? value : final
    }
    const values = argNodes.map((arg, i) => {
      const kind = paramKind(spec, i)
      if (arg.type === 'bool' || arg.type === 'number' || arg.type === 'string' || arg.type === 'nil')
        return this.guard(arg, () => checkLiteral(arg, kind, this.text(arg)))
      return this.checked(this.evalArg(dot, arg), kind, arg)
    })
    if (final !== MISSING) values.push(this.checked(final, paramKind(spec, numIn - 1), call))
    return this.guard(call, () => spec.call(...values), `error calling ${name}: `)
  }

  private checked(
    value: unknown,
    kind: ReturnType<typeof paramKind>,
    node: { pos: number; end: number },
  ): unknown {
    return this.guard(node, () => checkArg(value, kind))
  }

  /** Runs `fn`, turning whatever it throws into a TemplateProblem at `node`. */
  private guard<T>(node: { pos: number; end: number }, fn: () => T, prefix = ''): T {
    try {
      return fn()
    } catch (err) {
      if (err === BREAK || err === CONTINUE) throw err
      const reason = err instanceof Error ? err.message : String(err)
      const hint = err instanceof TemplateProblem ? err.hint : undefined
      throw new TemplateProblem(prefix + reason, node.pos, this.text(node), hint)
    }
  }
}
