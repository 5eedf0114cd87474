export { DURATION_FORMS, formatDuration, parseDuration, tryParseDuration } from './duration.js'
export {
  compileGoLayout,
  formatGoTime,
  GO_NAMED_LAYOUTS,
  type GoTimeFormatter,
  resolveGoLayout,
} from './go-layout.js'
export { describeTimeRange } from './range.js'
export { parseTimeSpec, TIME_SPEC_FORMS, type TimeSpecOptions } from './time-spec.js'
export { readTimeWindow, type TimeInput, type TimeWindow } from './window.js'
