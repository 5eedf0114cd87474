export { BATCHES, type Batched, batched, batchesOf, flatten } from './batches.js'
export { type DedupeOptions, dedupeById, RecentIds } from './dedupe.js'
export { type FollowMergeOptions, type MergeOptions, mergeBatchesByTime, mergeByTime } from './merge.js'
export { readSlicesInOrder, type SliceReadOptions } from './slices.js'
