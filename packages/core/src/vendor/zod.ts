// zod as one file: the build (the repository's scripts/vendor.mjs) bundles this module over its
// compiled output, so loading the schemas reads one file instead of about a hundred (most of zod's
// cost at start-up). Every use of zod in core goes through here, so there is one copy of its
// classes and registries.
export * from 'zod'
