#!/usr/bin/env node
import { execute, settings } from '@oclif/core'

// Linked plugins run from their compiled dist/, as installed ones do: no on-the-fly TypeScript.
settings.enableAutoTranspile = false

await execute({ dir: import.meta.url })
