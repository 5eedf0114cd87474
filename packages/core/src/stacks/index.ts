export {
  buildComponentSection,
  type ComponentSection,
  isAbstract,
  terraformWorkspace,
} from './components.js'
export { type EmulatorComponent, findEmulatorComponent } from './emulators.js'
export { COMPONENT_TYPES, type ComponentType, ManifestReader, processManifest } from './manifests.js'
export { applyNamePattern, type NameSource, nameSource, stackNameFor } from './names.js'
export {
  type ComponentInstance,
  type ComponentSelector,
  describeComponent,
  type IndexedComponent,
  listStacks,
  loadStacks,
  type StackManifest,
  type StacksIndex,
  selectComponents,
} from './select.js'
