/**
 * Sprig's function map as atmos registers it (sprig.HermeticTxtFuncMap) plus the environment and
 * date functions of the full map that earlier atmos versions had: Sprig's names, argument order,
 * Go parameter types and panics. Left out: random values (rand*, shuffle, uuidv4), key and
 * certificate generation, bcrypt/htpasswd and getHostByName — nothing a stack name or log source
 * can use reproducibly.
 */
import type { FuncSpec } from './functions.js'
import { sprigCollections } from './sprig-collections.js'
import { sprigDates } from './sprig-dates.js'
import { sprigMath } from './sprig-math.js'
import { sprigRegex } from './sprig-regex.js'
import { sprigSemver } from './sprig-semver.js'
import { sprigStrings } from './sprig-strings.js'
import { sprigValues } from './sprig-values.js'

export function sprigFunctions(env: Record<string, string | undefined>): Record<string, FuncSpec> {
  return {
    ...sprigStrings,
    ...sprigCollections,
    ...sprigMath,
    ...sprigValues(env),
    ...sprigRegex,
    ...sprigDates,
    ...sprigSemver,
  }
}
