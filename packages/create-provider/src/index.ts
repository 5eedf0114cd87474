/** The starter behind `npm create @atmos-logs/provider`, also usable as a library. */
export { main } from './cli.js'
export * from './scaffold.js'
