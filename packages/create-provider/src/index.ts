/** The starter behind `npm create @atmos-logs/provider`, also usable as a library. */
export { main } from './cli.js'
export {
  defaultPackageName,
  kindProblem,
  packageNameProblem,
  type ScaffoldOptions,
  StarterError,
  scaffold,
} from './scaffold.js'
