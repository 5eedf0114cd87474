import { MINUTE, SECOND } from '../durations.js'

/**
 * The incident the demo data tells across its kinds and three components (api, events, worker):
 * the deploy workflow's run "Release 1.43.0" starts at T, its terraform apply updates the three
 * services about 40 s later (CloudTrail records each call), and from T+1 min the new orders client
 * they share makes every one of them fail: the api's invocations end in ERROR, the events consumer
 * returns messages to its queue, the worker's jobs fail. `atmos logs view --stack dev --component
 * api --all-sources --since 30m` shows it as one timeline.
 */
export const STORY_RELEASE = '1.43.0'

export interface StoryTimes {
  /** The deploy run is created. */
  deployAt: number
  /** terraform apply updates the api function (CloudTrail UpdateFunctionCode). */
  changeAt: number
  /** The new code's first failures. */
  errorsAt: number
}

export function storyTimes(now: number): StoryTimes {
  const deployAt = Math.floor((now - 10 * MINUTE) / SECOND) * SECOND
  return { deployAt, changeAt: deployAt + 40 * SECOND, errorsAt: deployAt + 60 * SECOND }
}
