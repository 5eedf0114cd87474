/**
 * atmos emulator components (`components.emulator.<name>` in a stack), which `aws/emulator`
 * identities name as `<stack>/<name>` (`emulator: local/aws`). Only what an identity needs to
 * reach a running emulator: its region and the host ports it publishes.
 */
import { isPlainObject, type PlainObject } from '../config/merge.js'
import type { AtmosConfig } from '../config/types.js'
import { stackNameFor } from './names.js'
import { loadStacks } from './select.js'
import { renderStrings } from './templates.js'

export interface EmulatorComponent {
  stack: string
  name: string
  /** The manifest that declares it. */
  file: string
  /** The component's section, templates rendered over the stack's vars. */
  section: PlainObject
}

/** The emulator component `<stack>/<name>`, or undefined when no stack declares it. */
export async function findEmulatorComponent(
  config: AtmosConfig,
  stack: string,
  name: string,
): Promise<EmulatorComponent | undefined> {
  const index = await loadStacks(config)
  for (const manifest of index.manifests) {
    const components = manifest.merged.components
    const own =
      isPlainObject(components) && isPlainObject(components.emulator) ? components.emulator[name] : undefined
    if (!isPlainObject(own)) continue
    const vars = isPlainObject(manifest.merged.vars) ? manifest.merged.vars : {}
    if ((await stackNameFor(config.stacks, manifest, { vars }, config.env)) !== stack) continue
    const section = await renderStrings(
      own,
      { vars, atmos_stack: stack, atmos_component: name },
      {
        name: `${manifest.file}: components.emulator.${name}`,
        missingKey: 'default',
        env: config.env,
      },
    )
    return { stack, name, file: manifest.file, section }
  }
  return undefined
}
