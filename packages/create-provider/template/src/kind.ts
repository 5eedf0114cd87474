import type { Capability } from '@atmos-logs/core/contract'

/** The kind users write in a source's `kind:`; the hook and the provider both answer to it. */
export const KIND = '{{kind}}'

/** What the provider can do: `get` for view and search, `tail` for tail (and --follow), `list` for listings. */
export const CAPABILITIES: Capability[] = ['list', 'get', 'tail']
