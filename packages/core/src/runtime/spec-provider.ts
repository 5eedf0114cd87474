import type { ProviderContext } from '../contract.js'
import { type Clock, systemClock } from './clock.js'

/** What every provider's options may carry: a clock other than the system's (tests). */
export interface SpecProviderOptions {
  clock?: Clock
}

/** A kind's spec parser: the typed spec, or a ConfigError naming the first bad field. */
export type SpecParser<Spec> = (spec: Record<string, unknown>, source: string) => Spec

/**
 * The part every provider writes alike: its source name, its options and clock, and its spec
 * parsed once, when first needed, so that `validate()` (called before any read) and every read
 * see the same typed spec. A provider extends it and adds its kind, capabilities and reads.
 */
export abstract class SpecProvider<Spec, Options extends SpecProviderOptions = SpecProviderOptions> {
  readonly name: string
  protected readonly clock: Clock
  private parsed?: Spec

  constructor(
    protected readonly ctx: ProviderContext,
    protected readonly options: Options,
    private readonly parse: SpecParser<Spec>,
  ) {
    this.name = ctx.name
    this.clock = options.clock ?? systemClock
  }

  /** The validated spec; throws ConfigError naming the field on the first problem. */
  get spec(): Spec {
    this.parsed ??= this.parse(this.ctx.spec, this.ctx.name)
    return this.parsed
  }

  validate(): void {
    void this.spec
  }
}
