/**
 * Field references in a template, read from its parse tree as atmos reads them (its
 * pkg/template/ast.go): which `.a.b` paths a template uses, and whether it is one plain `{{ .a.b }}`
 * action, whose value atmos substitutes as is (a map stays a map, a number a number).
 */
import type { ArgNode, ListNode, Node, PipeNode } from './ast.js'
import { builtinFunctions } from './builtins.js'
import { parse } from './parser.js'

/** Only Go's own functions, as atmos's `template.New("").Parse`: a template calling Sprig fails to parse there. */
const GO_ONLY: ReadonlyMap<string, unknown> = new Map(Object.entries(builtinFunctions))

function tryParse(text: string): ListNode | undefined {
  try {
    return parse(text, GO_ONLY).root
  } catch {
    return undefined
  }
}

/**
 * The `.a.b` field paths in `text`, first use first; undefined when `text` does not parse with Go's
 * own functions only (atmos then sees no references either).
 */
export function fieldRefs(text: string): string[][] | undefined {
  if (!text.includes('{{')) return []
  const root = tryParse(text)
  if (!root) return undefined
  const out: string[][] = []
  const seen = new Set<string>()
  const arg = (a: ArgNode): void => {
    if (a.type === 'field') {
      const key = a.idents.join('.')
      if (!seen.has(key)) {
        seen.add(key)
        out.push(a.idents)
      }
    } else if (a.type === 'pipe') pipe(a)
    else if (a.type === 'chain') arg(a.node)
  }
  const pipe = (p: PipeNode | undefined): void => {
    for (const cmd of p?.cmds ?? []) for (const a of cmd.args) arg(a)
  }
  const node = (n: Node | undefined): void => {
    if (!n) return
    switch (n.type) {
      case 'list':
        for (const c of n.nodes) node(c)
        break
      case 'action':
        pipe(n.pipe)
        break
      case 'if':
      case 'with':
      case 'range':
        pipe(n.pipe)
        node(n.list)
        node(n.elseList)
        break
      case 'template':
        pipe(n.pipe)
        break
    }
  }
  node(root)
  return out
}

/** The path of a template that is one `{{ .a.b }}` action (white space around it allowed), else undefined. */
export function plainFieldRef(text: string): string[] | undefined {
  if (!text.includes('{{')) return undefined
  const root = tryParse(text)
  if (!root) return undefined
  let path: string[] | undefined
  for (const n of root.nodes) {
    if (n.type === 'text') {
      if (n.text.trim() !== '') return undefined
      continue
    }
    if (n.type !== 'action' || path) return undefined
    const p = n.pipe
    if (p.decl.length > 0 || p.cmds.length !== 1 || p.cmds[0]!.args.length !== 1) return undefined
    const a = p.cmds[0]!.args[0]!
    if (a.type !== 'field' || a.idents.length === 0) return undefined
    path = a.idents
  }
  return path
}
