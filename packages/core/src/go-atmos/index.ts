// The Go atmos beside this CLI: finding it (never ourselves) and running it. Light on purpose:
// the CLI's start-up hook imports it before any command loads.

export { describeComponentWithGoAtmos } from './describe.js'
export { findOnPath, isExecutableFile, isThisCli } from './find-program.js'
export {
  describeGoAtmos,
  GO_ATMOS_VARIABLES,
  type GoAtmos,
  type GoAtmosVariable,
  locateGoAtmos,
} from './locate.js'
