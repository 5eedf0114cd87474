/** The compiled form of a Logs Insights query: an ordered pipeline of commands. */

export interface Span {
  start: number
  end: number
  /** the source text, used to name unaliased result columns (`count(*)`, `bin(5m)`) */
  text: string
}

export type CalendarUnit = 'ms' | 'month' | 'quarter' | 'year'

export type Expr = Span &
  (
    | { type: 'field'; name: string }
    | { type: 'literal'; value: string | number }
    | { type: 'regex'; regex: RegExp }
    | { type: 'duration'; amount: number; unit: CalendarUnit }
    | { type: 'list'; items: Expr[] }
    | { type: 'star' }
    | { type: 'call'; name: string; args: Expr[] }
    | { type: 'binary'; op: '+' | '-' | '*' | '/' | '%'; left: Expr; right: Expr }
    | { type: 'compare'; op: '=' | '!=' | '<' | '<=' | '>' | '>='; left: Expr; right: Expr }
    | { type: 'logical'; op: 'and' | 'or'; left: Expr; right: Expr }
    | { type: 'not'; expr: Expr }
    | { type: 'negate'; expr: Expr }
    | { type: 'like'; negated: boolean; subject: Expr; pattern: RegExp | string }
    | { type: 'in'; negated: boolean; subject: Expr; items: Expr[] }
  )

/** An expression that produces a named column: `expr as name`, or the expression's own text. */
export interface Projection {
  expr: Expr
  name: string
}

export type AggregateName = 'count' | 'count_distinct' | 'sum' | 'avg' | 'min' | 'max'

export interface Aggregate {
  fn: AggregateName
  /** undefined for `count(*)` */
  arg: Expr | undefined
  name: string
}

export interface SortKey {
  expr: Expr
  descending: boolean
}

export type Command =
  | { kind: 'fields'; items: Projection[] }
  | { kind: 'display'; items: Projection[] }
  | { kind: 'filter'; expr: Expr }
  | { kind: 'parse'; source: string; regex: RegExp; names: string[] }
  | { kind: 'sort'; keys: SortKey[] }
  | { kind: 'limit'; count: number }
  | { kind: 'stats'; aggregates: Aggregate[]; groups: Projection[] }
  | { kind: 'dedup'; fields: string[] }

export interface CompiledQuery {
  commands: Command[]
}
