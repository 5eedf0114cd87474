#!/usr/bin/env node
// Adds up jest's "Tests:" lines from a test log (one per package under turbo) into one closing
// line, `N passed, N failed, N skipped`, so a reader of the CI log sees the whole count at once.
import { readFileSync } from 'node:fs'

const totals = { passed: 0, failed: 0, skipped: 0 }
for (const line of readFileSync(process.argv[2], 'utf8').split('\n')) {
  const m = /Tests:\s+(.*\d+ total)/.exec(line)
  if (!m) continue
  for (const part of m[1].split(',')) {
    const [, n, what] = /(\d+) (\w+)/.exec(part.trim()) ?? []
    if (what in totals) totals[what] += Number(n)
  }
}
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`)
