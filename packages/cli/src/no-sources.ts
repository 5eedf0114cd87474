/**
 * What `logs sources` and the interactive view say when a selection lists no source: where they
 * looked, and what to add.
 */
export function noSourcesFound(
  stacks: readonly string[],
  everyStack: boolean,
): { message: string; hint: string } {
  return {
    message: `No log sources found ${everyStack ? whereEvery(stacks) : whereNamed(stacks)}.`,
    hint: 'Add `logs.sources` to atmos.yaml or a `logs:` block to a component.',
  }
}

/** Where a listing of every stack looked. */
function whereEvery(stacks: readonly string[]): string {
  if (stacks.length === 0)
    return 'in atmos.yaml, which names no stack manifests (stacks.base_path, stacks.included_paths)'
  if (stacks.length === 1) return `in atmos.yaml or in its one stack, '${stacks[0]}'`
  return `in atmos.yaml or in any of its ${stacks.length} stacks`
}

/** Where a listing of named stacks looked. */
function whereNamed(stacks: readonly string[]): string {
  if (stacks.length === 1) return `in stack '${stacks[0]}'`
  return stacks.length > 1 ? `in any of the ${stacks.length} stacks named` : 'in atmos.yaml'
}
