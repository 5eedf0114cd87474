export type {
  EntryRenderer,
  FollowHandle,
  FollowQuery,
  FollowSink,
  OpenOptions,
  SourceProblem,
  StreamChoice,
  TuiBackend,
  TuiEntry,
  TuiSource,
} from './backend.js'
export { KEYS } from './help.js'
export { filePinStore, MAX_PINS, type PinStore, pinsFile } from './pins.js'
export { runTui, type TuiOptions } from './run.js'
