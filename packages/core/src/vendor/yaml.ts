// yaml as one file: the build (the repository's scripts/vendor.mjs) bundles this module over its
// compiled output, so reading a project loads one file instead of about seventy. The names are
// listed because yaml's Node build is CommonJS, whose exports a bundle cannot re-export by `*`.
export type { Document, ScalarTag, Tags } from 'yaml'
export { isMap, isSeq, LineCounter, parse, parseAllDocuments, parseDocument, stringify, visit } from 'yaml'
