export { type DedupeOptions, dedupeById, RecentIds } from './dedupe.js'
export { type FollowMergeOptions, type MergeOptions, mergeByTime } from './merge.js'
