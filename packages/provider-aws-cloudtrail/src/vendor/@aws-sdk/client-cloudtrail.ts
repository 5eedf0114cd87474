// The CloudTrail client of the AWS SDK, bundled: the build (scripts/vendor.mjs at the repository's
// root) bundles this module over its compiled output from the SDK's ES build, so a read loads a
// few files where the SDK's packages have dozens, and only what is named here; what the SDK loads
// lazily (the credential providers beyond the environment, the STS and SSO clients) stays in
// chunks of its own, read only when used. Every use of the SDK in this package goes through vendor/.
export type { LookupEventsCommandOutput } from '@aws-sdk/client-cloudtrail'
export { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail'
