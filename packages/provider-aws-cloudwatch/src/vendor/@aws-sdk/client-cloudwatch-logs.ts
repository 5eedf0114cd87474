// The CloudWatch Logs client of the AWS SDK, bundled: the build (scripts/vendor.mjs at the
// repository's root) bundles this module over its compiled output from the SDK's ES build, so a
// read loads a few files where the SDK's packages have dozens, and only the commands named here;
// what the SDK loads lazily (the credential providers beyond the environment, the STS and SSO
// clients) stays in chunks of its own, read only when used. Every use of the SDK in this package
// goes through here.
export type {
  CloudWatchLogsClientConfig,
  DescribeLogGroupsCommandOutput,
  DescribeLogStreamsCommandOutput,
  FilterLogEventsCommandInput,
  FilterLogEventsCommandOutput,
  GetQueryResultsCommandOutput,
  StartLiveTailCommandInput,
  StartLiveTailCommandOutput,
  StartQueryCommandOutput,
} from '@aws-sdk/client-cloudwatch-logs'
export {
  CloudWatchLogsClient,
  DescribeLogGroupsCommand,
  DescribeLogStreamsCommand,
  FilterLogEventsCommand,
  GetQueryResultsCommand,
  StartLiveTailCommand,
  StartQueryCommand,
  StopQueryCommand,
} from '@aws-sdk/client-cloudwatch-logs'
