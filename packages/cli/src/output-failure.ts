import { AtmosLogsError, ExitCode } from '@atmos-logs/core/errors'

/**
 * Output that could not be written for another reason than its reader going away (a full disk
 * behind `> file`, /dev/full): one error, exit 1. A closed pipe (EPIPE) is not a failure.
 */
export function outputFailure(cause: Error): AtmosLogsError {
  return new AtmosLogsError(`Could not write the output: ${cause.message}.`, ExitCode.PROVIDER, {
    hint: 'Check where standard output goes (a full disk, a failing device) and run again.',
    cause,
  })
}
