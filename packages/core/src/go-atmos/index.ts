// The Go atmos beside this CLI: finding it (never ourselves), to hand it the commands that are
// its own. Light on purpose: the CLI's start-up hook imports it before any command loads.

export { describeGoAtmos, type GoAtmos, type GoAtmosVariable, locateGoAtmos } from './locate.js'
