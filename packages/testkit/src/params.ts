import { AwsServiceError } from './aws-error.js'

/**
 * Typed reads of request parameters. A wrong type or range is answered as the service does, with
 * InvalidParameterException naming the parameter.
 */
const invalid = (message: string) => new AwsServiceError('InvalidParameterException', message)

export class Params {
  constructor(
    readonly raw: Record<string, unknown>,
    private readonly invalidType = invalid,
  ) {}

  has(name: string): boolean {
    return this.raw[name] !== undefined && this.raw[name] !== null
  }

  string(name: string, opts: { required?: boolean; min?: number; max?: number } = {}): string | undefined {
    const v = this.raw[name]
    if (v === undefined || v === null) {
      if (opts.required)
        throw this.invalidType(
          `1 validation error detected: Value null at '${name}' failed to satisfy constraint: Member must not be null`,
        )
      return undefined
    }
    if (typeof v !== 'string') throw this.invalidType(`Value at '${name}' must be a string.`)
    if (opts.min !== undefined && v.length < opts.min) {
      throw this.invalidType(
        `1 validation error detected: Value '${v}' at '${name}' failed to satisfy constraint: Member must have length greater than or equal to ${opts.min}`,
      )
    }
    if (opts.max !== undefined && v.length > opts.max) {
      throw this.invalidType(
        `1 validation error detected: Value at '${name}' failed to satisfy constraint: Member must have length less than or equal to ${opts.max}`,
      )
    }
    return v
  }

  requiredString(name: string, opts: { min?: number; max?: number } = {}): string {
    return this.string(name, { ...opts, required: true, min: opts.min ?? 1 })!
  }

  number(name: string, opts: { min?: number; max?: number; integer?: boolean } = {}): number | undefined {
    const v = this.raw[name]
    if (v === undefined || v === null) return undefined
    if (typeof v !== 'number' || !Number.isFinite(v))
      throw this.invalidType(`Value at '${name}' must be a number.`)
    if (opts.integer !== false && !Number.isInteger(v))
      throw this.invalidType(`Value at '${name}' must be an integer.`)
    if (opts.min !== undefined && v < opts.min) {
      throw this.invalidType(
        `1 validation error detected: Value '${v}' at '${name}' failed to satisfy constraint: Member must have value greater than or equal to ${opts.min}`,
      )
    }
    if (opts.max !== undefined && v > opts.max) {
      throw this.invalidType(
        `1 validation error detected: Value '${v}' at '${name}' failed to satisfy constraint: Member must have value less than or equal to ${opts.max}`,
      )
    }
    return v
  }

  boolean(name: string): boolean | undefined {
    const v = this.raw[name]
    if (v === undefined || v === null) return undefined
    if (typeof v !== 'boolean') throw this.invalidType(`Value at '${name}' must be a boolean.`)
    return v
  }

  strings(name: string, opts: { required?: boolean; min?: number; max?: number } = {}): string[] | undefined {
    const v = this.raw[name]
    if (v === undefined || v === null) {
      if (opts.required)
        throw this.invalidType(
          `1 validation error detected: Value null at '${name}' failed to satisfy constraint: Member must not be null`,
        )
      return undefined
    }
    if (!Array.isArray(v) || v.some((s) => typeof s !== 'string')) {
      throw this.invalidType(`Value at '${name}' must be a list of strings.`)
    }
    if (opts.min !== undefined && v.length < opts.min) {
      throw this.invalidType(
        `1 validation error detected: Value at '${name}' failed to satisfy constraint: Member must have length greater than or equal to ${opts.min}`,
      )
    }
    if (opts.max !== undefined && v.length > opts.max) {
      throw this.invalidType(
        `1 validation error detected: Value at '${name}' failed to satisfy constraint: Member must have length less than or equal to ${opts.max}`,
      )
    }
    return v as string[]
  }
}
