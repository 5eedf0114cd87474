// Bundles a package's compiled dist/ in place, one file per entry point plus the chunks they share
// (dist/chunks/): every module Node finds, reads and links costs about half a millisecond on Node
// 20, and a view loaded some 140 of ours. The entry points are what can be loaded from outside:
// the package.json exports, oclif commands, hooks and help class, what the bin scripts import
// from ../dist/, and the files named on the command line (what a test or a bench loads by path). Each module
// still exists once, so a package has one copy of its classes whichever entries load it. What is
// imported lazily (`import()`) stays lazy, in a chunk of its own. Other packages stay imports; so
// does dist/vendor/ (bundled by vendor.mjs, and loaded only by what reads it). tsc's declarations
// stay; its modules go, and the source maps lead from the bundles to src/. Run from the package's
// folder, after tsc.
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { build } from 'esbuild'

const root = process.cwd()
const dist = path.join(root, 'dist')
const vendor = path.join(dist, 'vendor')
const pkg = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8'))

/** A module of ours in dist/ (not under dist/vendor/). */
const isModule = (file) => {
  const rel = path.relative(dist, file)
  return file.endsWith('.js') && !rel.startsWith('..') && rel.split(path.sep)[0] !== 'vendor'
}
const jsUnder = async (dir) =>
  (await readdir(dir, { recursive: true })).map((f) => path.join(dir, f)).filter(isModule)

const entries = new Set(process.argv.slice(2).map((f) => path.join(dist, f)))
const targets = (value) =>
  typeof value === 'string' ? [value] : Object.values(value ?? {}).flatMap((v) => targets(v))
for (const file of targets(pkg.exports)) if (file.endsWith('.js')) entries.add(path.join(root, file))
for (const file of targets(pkg.oclif?.hooks)) entries.add(path.join(root, file))
if (pkg.oclif?.helpClass) entries.add(path.join(root, pkg.oclif.helpClass))
// What a bin script imports from dist/ by path.
for (const bin of targets(pkg.bin)) {
  const text = await readFile(path.join(root, bin), 'utf8')
  for (const [, file] of text.matchAll(/['"`]\.\.\/dist\/([^'"`]+\.js)['"`]/g))
    entries.add(path.join(dist, file))
}
if (typeof pkg.oclif?.commands === 'string')
  for (const file of await jsUnder(path.join(root, pkg.oclif.commands))) entries.add(file)
for (const file of entries) {
  if (!isModule(file)) throw new Error(`${file}: not a module of dist/`)
  await stat(file)
}

// dist/vendor/ stays a file of its own: imported by a placeholder, made relative once written.
const VENDOR = '@bundle-vendor/'
const vendorExternal = {
  name: 'vendor-external',
  setup(b) {
    b.onResolve({ filter: /^\.\.?\// }, ({ path: p, resolveDir }) => {
      const file = path.resolve(resolveDir, p)
      return file.startsWith(`${vendor}${path.sep}`)
        ? { path: VENDOR + path.relative(vendor, file).split(path.sep).join('/'), external: true }
        : undefined
    })
  },
}

const result = await build({
  entryPoints: [...entries],
  outdir: dist,
  outbase: dist,
  write: false,
  bundle: true,
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  // Each module is evaluated as it was: a module package.json calls free of side effects is kept.
  ignoreAnnotations: true,
  sourcemap: 'linked',
  sourcesContent: false,
  logLevel: 'warning',
  plugins: [vendorExternal],
})

// The chunks of an earlier build go.
await rm(path.join(dist, 'chunks'), { recursive: true, force: true })

// A class the bundle renamed apart from a namesake in another module would answer to the new
// name (core's errors are named after their class): say so rather than ship it. keepNames would
// keep every name, at the cost of a property set on each function at every start (+2 MiB).
const classNames = (text) =>
  new Set([...text.matchAll(/\bclass ([\w$]+)|\b([\w$]+) = class\b/g)].map((m) => m[1] ?? m[2]))
const written = new Set()
for (const file of await jsUnder(dist))
  for (const name of classNames(await readFile(file, 'utf8'))) written.add(name)
for (const out of result.outputFiles)
  for (const name of classNames(out.text))
    if (!written.has(name))
      throw new Error(`${out.path}: class ${name} was renamed by the bundle; rename a namesake`)

// tsc's modules and maps go (vendor/ aside).
for (const file of await jsUnder(dist)) {
  await rm(file)
  await rm(`${file}.map`, { force: true })
}
for (const out of result.outputFiles) {
  let text = out.text
  if (out.path.endsWith('.js')) {
    let toVendor = path.relative(path.dirname(out.path), vendor).split(path.sep).join('/')
    if (!toVendor.startsWith('.')) toVendor = `./${toVendor}`
    text = text.replaceAll(`"${VENDOR}`, `"${toVendor}/`)
  }
  await mkdir(path.dirname(out.path), { recursive: true })
  await writeFile(out.path, text)
}
