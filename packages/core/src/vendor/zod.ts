// zod, as much of it as core uses: the build (the repository's scripts/vendor.mjs) bundles this
// module over its compiled output, and with zod/mini's functions named one by one the bundle keeps
// only them (about 60 KB, where the classic API's methods kept all of zod, 290 KB, to compile at
// every start). Every use of zod in core goes through here, so there is one copy of its classes
// and registries. Add a function here when a schema needs it.
import { config } from 'zod/mini'
import en from 'zod/v4/locales/en.js'

export type { infer, ZodMiniType as ZodType } from 'zod/mini'
export {
  array,
  boolean,
  enum,
  extend,
  int,
  looseObject,
  minLength,
  nonnegative,
  nullish,
  number,
  optional,
  positive,
  record,
  refine,
  strictObject,
  string,
  trim,
  unknown,
} from 'zod/mini'
export type { $ZodIssue as Issue } from 'zod/v4/core'

// The messages of issues core does not word itself (validate.ts) stay in English, as the classic
// API set them; a schema is parsed once, so zod's generated fast path would cost more than it saves.
config({ ...en(), jitless: true })
