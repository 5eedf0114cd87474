#!/usr/bin/env node
// `atmos-logs` is always this CLI, wherever it sits on PATH beside the Go atmos: commands it does
// not have are explained, never passed on.
globalThis[Symbol.for('atmos-logs.invokedAs')] = 'atmos-logs'
await import('./run.js')
