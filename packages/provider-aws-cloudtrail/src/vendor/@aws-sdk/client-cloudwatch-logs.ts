// The CloudWatch Logs client of the AWS SDK, for a trail's data events, bundled as client-cloudtrail
// is (see there); the parts the two clients share are chunks both load.
export type {
  FilterLogEventsCommandInput,
  FilterLogEventsCommandOutput,
} from '@aws-sdk/client-cloudwatch-logs'
export { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs'
