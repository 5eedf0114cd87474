/**
 * Builds the parse tree from tokens, following Go's text/template/parse: the same grammar, the
 * same checks at parse time (unknown functions, undefined variables, misplaced keywords) and the
 * same desugaring of `else if` / `else with` and `block`.
 */
import { nearMatches } from '../config/suggest.js'
import type {
  ArgNode,
  BranchNode,
  CommandNode,
  ListNode,
  Node,
  ParsedTemplate,
  PipeNode,
  TemplateNode,
  VariableNode,
} from './ast.js'
import { TemplateProblem } from './errors.js'
import { lex, type Token } from './lexer.js'
import { parseNumber, runeValue, unquoteRaw, unquoteString } from './literals.js'

/** What ended an item list: `{{end}}` or `{{else}}` (with the keyword that follows `else`, if any). */
interface ListEnd {
  kind: 'end' | 'else'
  pos: number
  /** For `{{else if ...}}` / `{{else with ...}}`: the pending keyword. */
  chained?: 'if' | 'with'
}

type Item = Node | ListEnd

const isListEnd = (n: Item): n is ListEnd => 'kind' in n

/** Parses `text`; `functions` holds the names that may be called (checked at parse time, as Go does). */
export function parse(text: string, functions: ReadonlyMap<string, unknown>): ParsedTemplate {
  return new Parser(lex(text), functions).parseTemplate()
}

class Parser {
  private i = 0
  /** Variables in scope, innermost last; `$` is always defined. */
  private vars: string[] = ['$']
  private rangeDepth = 0
  private readonly defines = new Map<string, ListNode>()

  constructor(
    private readonly tokens: Token[],
    private readonly functions: ReadonlyMap<string, unknown>,
  ) {}

  parseTemplate(): ParsedTemplate {
    const root: ListNode = { type: 'list', pos: 0, nodes: [] }
    while (this.peek().type !== 'eof') {
      const after = this.peekAfterDelim()
      if (this.peek().type === 'leftDelim' && after?.type === 'keyword' && after.val === 'define') {
        const open = this.next()
        this.nextNonSpace()
        this.definition(open)
        continue
      }
      const item = this.textOrAction()
      if (isListEnd(item)) throw this.unexpectedEnd(item)
      root.nodes.push(item)
    }
    return { root, defines: this.defines }
  }

  // ---- tokens

  private peek(): Token {
    return this.tokens[this.i]
  }
  private next(): Token {
    const t = this.tokens[this.i]
    if (t.type !== 'eof') this.i++
    return t
  }
  private peekNonSpace(): Token {
    while (this.peek().type === 'space') this.i++
    return this.peek()
  }
  private nextNonSpace(): Token {
    this.peekNonSpace()
    return this.next()
  }
  private peekAfterDelim(): Token | undefined {
    let j = this.i + 1
    while (this.tokens[j]?.type === 'space') j++
    return this.tokens[j]
  }
  private expect(type: Token['type'], context: string): Token {
    const t = this.nextNonSpace()
    if (t.type !== type) throw this.unexpected(t, context)
    return t
  }

  private unexpected(t: Token, context: string): TemplateProblem {
    const what =
      t.type === 'eof' ? 'end of template' : t.type === 'rightDelim' ? '"}}"' : JSON.stringify(t.val)
    return new TemplateProblem(`unexpected ${what} in ${context}`, t.pos)
  }
  private unexpectedEnd(end: ListEnd): TemplateProblem {
    const hint = 'Remove it, or add the {{if}}, {{with}} or {{range}} it closes.'
    return new TemplateProblem(`unexpected {{${end.kind}}}`, end.pos, undefined, hint)
  }

  // ---- lists and actions

  private textOrAction(): Item {
    const t = this.nextNonSpace()
    if (t.type === 'text') return { type: 'text', pos: t.pos, text: t.val }
    if (t.type === 'leftDelim') return this.action(t)
    throw this.unexpected(t, 'input')
  }

  /** Items until `{{end}}` or `{{else}}`. `opener` names the block for the unclosed-block error. */
  private itemList(opener: Token, construct: string): { list: ListNode; end: ListEnd } {
    const list: ListNode = { type: 'list', pos: this.peek().pos, nodes: [] }
    while (this.peekNonSpace().type !== 'eof') {
      const item = this.textOrAction()
      if (isListEnd(item)) return { list, end: item }
      list.nodes.push(item)
    }
    throw new TemplateProblem(
      `${construct} has no matching {{end}}`,
      opener.pos,
      construct,
      `Add {{end}} to close the ${construct}.`,
    )
  }

  private action(open: Token): Item {
    const t = this.nextNonSpace()
    if (t.type === 'keyword') {
      switch (t.val) {
        case 'block':
          return this.blockControl(open)
        case 'break':
        case 'continue':
          return this.loopControl(t)
        case 'else':
          return this.elseControl(t)
        case 'end':
          this.expect('rightDelim', 'end')
          return { kind: 'end', pos: t.pos }
        case 'if':
        case 'with':
        case 'range':
          return this.branchControl(open, t.val)
        case 'template':
          return this.templateControl()
        case 'define':
          throw new TemplateProblem('{{define}} is only allowed at the top level of a template', t.pos)
      }
    }
    this.i--
    return { type: 'action', pos: t.pos, pipe: this.pipeline('command', 'rightDelim') }
  }

  private loopControl(t: Token): Node {
    const after = this.nextNonSpace()
    if (after.type !== 'rightDelim') throw this.unexpected(after, `{{${t.val}}}`)
    if (this.rangeDepth === 0) throw new TemplateProblem(`{{${t.val}}} outside {{range}}`, t.pos)
    return { type: t.val as 'break' | 'continue', pos: t.pos }
  }

  private elseControl(t: Token): ListEnd {
    const peek = this.peekNonSpace()
    if (peek.type === 'keyword' && (peek.val === 'if' || peek.val === 'with')) {
      return { kind: 'else', pos: t.pos, chained: peek.val }
    }
    this.expect('rightDelim', 'else')
    return { kind: 'else', pos: t.pos }
  }

  private branchControl(open: Token, kind: 'if' | 'with' | 'range'): BranchNode {
    const mark = this.vars.length
    const construct = `{{${kind}}}`
    const pipe = this.pipeline(kind, 'rightDelim')
    if (kind === 'range') this.rangeDepth++
    const bodyMark = this.vars.length
    let { list, end } = this.itemList(open, construct)
    this.vars.length = bodyMark
    if (kind === 'range') this.rangeDepth--
    let elseList: ListNode | undefined
    if (end.kind === 'else') {
      if (end.chained) {
        if (end.chained !== kind) {
          throw new TemplateProblem(`{{else ${end.chained}}} is not allowed in ${construct}`, end.pos)
        }
        // `{{if a}}x{{else if b}}y{{end}}` is `{{if a}}x{{else}}{{if b}}y{{end}}{{end}}`.
        const chainedOpen = this.next()
        elseList = { type: 'list', pos: end.pos, nodes: [this.branchControl(chainedOpen, kind)] }
      } else {
        ;({ list: elseList, end } = this.itemList(open, construct))
        if (end.kind !== 'end')
          throw new TemplateProblem(`expected {{end}}, found {{else}}`, end.pos, construct)
      }
    }
    this.vars.length = mark
    return { type: kind, pos: open.pos, pipe, list, elseList }
  }

  private templateName(context: string): string {
    const t = this.nextNonSpace()
    if (t.type === 'string') return unquoteString(t.val)
    if (t.type === 'rawString') return unquoteRaw(t.val)
    throw this.unexpected(t, context)
  }

  private templateControl(): TemplateNode {
    const start = this.peekNonSpace().pos
    const name = this.templateName('template clause')
    if (this.peekNonSpace().type === 'rightDelim') {
      this.next()
      return { type: 'template', pos: start, name }
    }
    return { type: 'template', pos: start, name, pipe: this.pipeline('template clause', 'rightDelim') }
  }

  /** `{{block "n" pipe}}body{{end}}` = `{{define "n"}}body{{end}}{{template "n" pipe}}`. */
  private blockControl(open: Token): TemplateNode {
    const start = this.peekNonSpace().pos
    const name = this.templateName('block clause')
    const pipe = this.pipeline('block clause', 'rightDelim')
    this.addDefinition(name, this.isolatedList(open, `{{block "${name}"}}`), start)
    return { type: 'template', pos: start, name, pipe }
  }

  private definition(open: Token): void {
    const start = this.peekNonSpace().pos
    const name = this.templateName('define clause')
    this.expect('rightDelim', 'define clause')
    this.addDefinition(name, this.isolatedList(open, `{{define "${name}"}}`), start)
  }

  /** A define or block body: its own variable scope (only `$`) and no enclosing range. */
  private isolatedList(open: Token, construct: string): ListNode {
    const [vars, rangeDepth] = [this.vars, this.rangeDepth]
    this.vars = ['$']
    this.rangeDepth = 0
    const { list, end } = this.itemList(open, construct)
    this.vars = vars
    this.rangeDepth = rangeDepth
    if (end.kind !== 'end') throw new TemplateProblem(`unexpected {{else}} in ${construct}`, end.pos)
    return list
  }

  private addDefinition(name: string, list: ListNode, pos: number): void {
    const isEmpty = (l: ListNode) => l.nodes.every((n) => n.type === 'text' && n.text.trim() === '')
    const existing = this.defines.get(name)
    if (existing && !isEmpty(existing) && !isEmpty(list)) {
      throw new TemplateProblem(`multiple definition of template "${name}"`, pos)
    }
    if (!existing || isEmpty(existing)) this.defines.set(name, list)
  }

  // ---- pipelines

  private pipeline(context: string, end: 'rightDelim' | 'rightParen'): PipeNode {
    const start = this.peekNonSpace().pos
    const pipe: PipeNode = { type: 'pipe', pos: start, end: start, decl: [], isAssign: false, cmds: [] }
    this.declarations(pipe, context)
    for (;;) {
      const t = this.nextNonSpace()
      if (t.type === end) {
        pipe.end = pipe.cmds.at(-1)?.end ?? t.pos
        this.checkPipeline(pipe, context, t)
        return pipe
      }
      switch (t.type) {
        case 'bool':
        case 'char':
        case 'dot':
        case 'field':
        case 'identifier':
        case 'number':
        case 'nil':
        case 'rawString':
        case 'string':
        case 'variable':
        case 'leftParen':
          this.i--
          pipe.cmds.push(this.command())
          break
        default:
          throw this.unexpected(t, context)
      }
    }
  }

  /** `$x :=`, `$x =`, and in range `$i, $v :=` (or `=`). */
  private declarations(pipe: PipeNode, context: string): void {
    const save = this.i
    const first = this.peekNonSpace()
    if (first.type !== 'variable') return
    this.next()
    const names: VariableNode[] = [{ type: 'variable', pos: first.pos, end: first.end, idents: [first.val] }]
    let after = this.peekNonSpace()
    if (after.type === 'comma') {
      if (context !== 'range') throw new TemplateProblem(`too many declarations in ${context}`, after.pos)
      this.next()
      const second = this.nextNonSpace()
      if (second.type !== 'variable')
        throw new TemplateProblem('range can only initialize variables', second.pos)
      names.push({ type: 'variable', pos: second.pos, end: second.end, idents: [second.val] })
      after = this.peekNonSpace()
      if (after.type === 'comma') throw new TemplateProblem(`too many declarations in ${context}`, after.pos)
      if (after.type !== 'declare' && after.type !== 'assign') throw this.unexpected(after, context)
    } else if (after.type !== 'declare' && after.type !== 'assign') {
      this.i = save
      return
    }
    this.next()
    pipe.isAssign = after.type === 'assign'
    pipe.decl = names
    for (const d of names) {
      if (pipe.isAssign) this.useVariable(d.idents[0], d.pos)
      else this.vars.push(d.idents[0])
    }
  }

  private checkPipeline(pipe: PipeNode, context: string, closer: Token): void {
    if (pipe.cmds.length === 0) throw new TemplateProblem(`missing value for ${context}`, closer.pos)
    pipe.cmds.slice(1).forEach((cmd, i) => {
      const first = cmd.args[0]
      if (['bool', 'dot', 'nil', 'number', 'string'].includes(first.type)) {
        throw new TemplateProblem(`non executable command in pipeline stage ${i + 2}`, first.pos)
      }
    })
  }

  private command(): CommandNode {
    const start = this.peekNonSpace().pos
    const cmd: CommandNode = { type: 'command', pos: start, end: start, args: [] }
    for (;;) {
      this.peekNonSpace()
      const operand = this.operand()
      if (operand) {
        cmd.args.push(operand)
        cmd.end = operand.end
      }
      const t = this.next()
      if (t.type === 'space') continue
      if (t.type === 'rightDelim' || t.type === 'rightParen') this.i--
      else if (t.type !== 'pipe') throw this.unexpected(t, 'operand')
      break
    }
    if (cmd.args.length === 0) throw new TemplateProblem('empty command', start)
    return cmd
  }

  private operand(): ArgNode | undefined {
    const node = this.term()
    if (!node || this.peek().type !== 'field') return node
    const fields: string[] = []
    let end = node.end
    while (this.peek().type === 'field') {
      const f = this.next()
      fields.push(f.val.slice(1))
      end = f.end
    }
    switch (node.type) {
      case 'field':
        return { ...node, idents: [...node.idents, ...fields], end }
      case 'variable':
        return { ...node, idents: [...node.idents, ...fields], end }
      case 'bool':
      case 'string':
      case 'number':
      case 'nil':
      case 'dot':
        throw new TemplateProblem(`unexpected . after term`, node.end)
      default:
        return { type: 'chain', pos: node.pos, end, node, fields }
    }
  }

  private term(): ArgNode | undefined {
    const t = this.nextNonSpace()
    const span = { pos: t.pos, end: t.end }
    switch (t.type) {
      case 'identifier':
        if (!this.functions.has(t.val)) throw this.unknownFunction(t)
        return { type: 'identifier', ...span, name: t.val }
      case 'dot':
        return { type: 'dot', ...span }
      case 'nil':
        return { type: 'nil', ...span }
      case 'variable':
        this.useVariable(t.val, t.pos)
        return { type: 'variable', ...span, idents: [t.val] }
      case 'field':
        return { type: 'field', ...span, idents: [t.val.slice(1)] }
      case 'bool':
        return { type: 'bool', ...span, value: t.val === 'true' }
      case 'number':
        return { type: 'number', ...span, text: t.val, value: this.literal(t, () => parseNumber(t.val)) }
      case 'char':
        return { type: 'number', ...span, text: t.val, value: this.literal(t, () => runeValue(t.val)) }
      case 'string':
        return { type: 'string', ...span, value: this.literal(t, () => unquoteString(t.val)) }
      case 'rawString':
        return { type: 'string', ...span, value: unquoteRaw(t.val) }
      case 'leftParen': {
        const pipe = this.pipeline('parenthesized pipeline', 'rightParen')
        const close = this.tokens[this.i - 1]
        return { ...pipe, pos: t.pos, end: close.end }
      }
    }
    this.i--
    return undefined
  }

  private literal<T>(t: Token, decode: () => T): T {
    try {
      return decode()
    } catch (err) {
      if (err instanceof TemplateProblem) throw new TemplateProblem(err.reason, t.pos, t.val)
      throw err
    }
  }

  private useVariable(name: string, pos: number): void {
    if (!this.vars.includes(name)) {
      throw new TemplateProblem(
        `undefined variable "${name}"`,
        pos,
        undefined,
        `Declare it first with {{ ${name} := ... }} in an enclosing scope.`,
      )
    }
  }

  private unknownFunction(t: Token): TemplateProblem {
    // `atmos.Component`, `strings.ToUpper`: name the whole call the user wrote.
    let name = t.val
    for (let j = this.i; this.tokens[j]?.type === 'field'; j++) name += this.tokens[j].val
    const near = nearMatches(t.val, this.functions.keys())
    const suggestion = near.length ? `Did you mean ${near.join(' or ')}? ` : ''
    return new TemplateProblem(
      `function "${name}" not defined`,
      t.pos,
      undefined,
      suggestion +
        "atmos logs supports Go's built-in template functions, Sprig's functions and gomplate's namespaces (strings, conv, env, data, coll, math, path, test, base64, crypto, regexp); atmos-specific functions (atmos.Component, terraform.output, store) and gomplate datasources are not available in logs templates.",
    )
  }
}
