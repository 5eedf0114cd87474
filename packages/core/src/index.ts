// The public API of @atmos-logs/core: the union of its subpaths, each of which lists its names on
// purpose (what none of them exports is internal). A provider imports the subpath it needs
// (`@atmos-logs/core/contract`, ...) so that it loads only that; see README.md. The template engine
// is only `@atmos-logs/core/template`, loaded when a stack first needs it. A change here or in a
// subpath changes etc/core.api.md, reviewed with it.
export * from './aws/index.js'
export * from './configuration.js'
export * from './contract.js'
export * from './credentials/index.js'
export * from './errors.js'
export * from './go-atmos/index.js'
export * from './levels.js'
export * from './registry.js'
export * from './runtime/index.js'
export * from './stream/index.js'
export * from './time/index.js'
