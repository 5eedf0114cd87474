/**
 * The parse tree, shaped after Go's text/template/parse. Every node keeps `pos`, its offset in the
 * template text, so errors can name a line and column; argument nodes also keep `end`, so an
 * error can quote the construct as written.
 */
import type { GoFloat } from './values.js'

export interface Span {
  pos: number
  end: number
}

export interface ListNode {
  type: 'list'
  pos: number
  nodes: Node[]
}
export interface TextNode {
  type: 'text'
  pos: number
  text: string
}
export interface ActionNode {
  type: 'action'
  pos: number
  pipe: PipeNode
}
/** `if` and `with` share a shape; `with` also moves dot to the pipeline's value. */
export interface BranchNode {
  type: 'if' | 'with' | 'range'
  pos: number
  pipe: PipeNode
  list: ListNode
  elseList?: ListNode
}
export interface TemplateNode {
  type: 'template'
  pos: number
  name: string
  pipe?: PipeNode
}
export interface LoopControlNode {
  type: 'break' | 'continue'
  pos: number
}
export type Node = ListNode | TextNode | ActionNode | BranchNode | TemplateNode | LoopControlNode

export interface PipeNode extends Span {
  type: 'pipe'
  /** Declared (`:=`) or assigned (`=`) variables, e.g. `$i, $v := range ...`. */
  decl: VariableNode[]
  isAssign: boolean
  cmds: CommandNode[]
}
export interface CommandNode extends Span {
  type: 'command'
  args: ArgNode[]
}
/** `.a.b` → idents ['a', 'b']. */
export interface FieldNode extends Span {
  type: 'field'
  idents: string[]
}
/** `$x.a` → idents ['$x', 'a']; `$` alone is the data. */
export interface VariableNode extends Span {
  type: 'variable'
  idents: string[]
}
/** Fields on a term that is neither dot nor a variable: `(pipeline).a`, `fn.a`. */
export interface ChainNode extends Span {
  type: 'chain'
  node: ArgNode
  fields: string[]
}
export interface IdentifierNode extends Span {
  type: 'identifier'
  name: string
}
export interface DotNode extends Span {
  type: 'dot'
}
export interface NilNode extends Span {
  type: 'nil'
}
export interface BoolNode extends Span {
  type: 'bool'
  value: boolean
}
export interface NumberNode extends Span {
  type: 'number'
  /** A GoFloat when Go reads the literal as float64 (`2.0`, `1e6`), else the int or float number. */
  value: number | bigint | GoFloat
  /** The literal's text, as Go's messages quote it (`expected integer; found 1.5`). */
  text: string
}
export interface StringNode extends Span {
  type: 'string'
  value: string
}
export type ArgNode =
  | FieldNode
  | VariableNode
  | ChainNode
  | IdentifierNode
  | DotNode
  | NilNode
  | BoolNode
  | NumberNode
  | StringNode
  | PipeNode

export interface ParsedTemplate {
  root: ListNode
  /** Templates made by `{{define}}` and `{{block}}`. */
  defines: Map<string, ListNode>
}
