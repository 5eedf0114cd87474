/**
 * CloudTrail events for `--seed demo`, over the six hours before `now`, in account 123456789012
 * (us-east-1) — the account the GitHub demo's deploy workflow assumes `github-deploy` in. The
 * story: a root sign-in, alice signing in with MFA, a failed sign-in for mallory, the deploy
 * workflow assuming its role through GitHub OIDC and updating Lambda, logs and ECS, alice
 * denied an S3 upload and a security group rule, and ten minutes ago the deploy that starts the
 * demo's incident (seeds/story.ts) updating api, events and worker.
 */
import { STORY_RELEASE, storyTimes } from '../seeds/story.js'
import { accessKeyIdFor, type ControlCloudTrailEvent } from './events.js'

const ACCOUNT = '123456789012'
const REGION = 'us-east-1'
const MINUTE = 60_000
const DEPLOY_ROLE = `arn:aws:iam::${ACCOUNT}:role/github-deploy`
const DEPLOY_SESSION = 'GitHubActions'
const OIDC_PROVIDER = `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`
const GITHUB_SUBJECT = 'repo:acme/infrastructure:ref:refs/heads/main'
const CONSOLE_AGENT =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Safari/605.1.15'
const TERRAFORM_AGENT =
  'APN/1.0 HashiCorp/1.0 Terraform/1.9.8 (+https://www.terraform.io) terraform-provider-aws/5.80.0 aws-sdk-go-v2/1.32.6 os/linux lang/go#1.23.3'
const RUNNER_IP = '4.227.134.8'
const OFFICE_IP = '198.51.100.23'

const deployRoleIdentity = (sessionStart: number) => ({
  type: 'AssumedRole',
  principalId: `AROA3EXAMPLEDEPLOY01:${DEPLOY_SESSION}`,
  arn: `arn:aws:sts::${ACCOUNT}:assumed-role/github-deploy/${DEPLOY_SESSION}`,
  accountId: ACCOUNT,
  accessKeyId: accessKeyIdFor(DEPLOY_SESSION, true),
  sessionContext: {
    sessionIssuer: {
      type: 'Role',
      principalId: 'AROA3EXAMPLEDEPLOY01',
      arn: DEPLOY_ROLE,
      accountId: ACCOUNT,
      userName: 'github-deploy',
    },
    webIdFederationData: { federatedProvider: OIDC_PROVIDER, attributes: {} },
    attributes: {
      creationDate: new Date(sessionStart).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      mfaAuthenticated: 'false',
    },
  },
})

const userIdentity = (userName: string) => ({
  type: 'IAMUser',
  principalId: `AIDA${accessKeyIdFor(userName, false).slice(4)}`,
  arn: `arn:aws:iam::${ACCOUNT}:user/${userName}`,
  accountId: ACCOUNT,
  userName,
})

type DeployCall = Pick<
  ControlCloudTrailEvent,
  'EventName' | 'EventSource' | 'Resources' | 'requestParameters' | 'responseElements'
>

/** A call Terraform made in a deploy run whose role session began at `sessionStart`. */
const deployCall = (sessionStart: number, at: number, e: DeployCall): ControlCloudTrailEvent => ({
  ...e,
  EventTime: at,
  Username: DEPLOY_SESSION,
  ReadOnly: false,
  AccessKeyId: accessKeyIdFor(DEPLOY_SESSION, true),
  userIdentity: deployRoleIdentity(sessionStart),
  sourceIPAddress: RUNNER_IP,
  userAgent: TERRAFORM_AGENT,
})

/** A console sign-in as CloudTrail records it; a failed one has no MFA step and an errorMessage. */
const consoleLogin = (
  now: number,
  minutesAgo: number,
  username: string,
  ip: string,
  identity: Record<string, unknown>,
  { failed = false } = {},
): ControlCloudTrailEvent => ({
  EventName: 'ConsoleLogin',
  EventSource: 'signin.amazonaws.com',
  EventTime: now - minutesAgo * MINUTE,
  Username: username,
  ...(failed ? { errorMessage: 'Failed authentication' } : {}),
  sourceIPAddress: ip,
  userAgent: CONSOLE_AGENT,
  userIdentity: identity,
  responseElements: { ConsoleLogin: failed ? 'Failure' : 'Success' },
  additionalEventData: {
    LoginTo: 'https://console.aws.amazon.com/console/home',
    MobileVersion: 'No',
    MFAUsed: failed ? 'No' : 'Yes',
  },
})

/** The deploy workflow signing in to AWS through GitHub OIDC (configure-aws-credentials). */
const assumeDeployRole = (at: number): ControlCloudTrailEvent => ({
  EventName: 'AssumeRoleWithWebIdentity',
  EventSource: 'sts.amazonaws.com',
  EventTime: at,
  Username: GITHUB_SUBJECT,
  ReadOnly: true,
  Resources: [
    { ResourceType: 'AWS::IAM::Role', ResourceName: DEPLOY_ROLE },
    { ResourceType: 'AWS::STS::AssumedRole', ResourceName: DEPLOY_SESSION },
  ],
  sourceIPAddress: RUNNER_IP,
  userAgent: 'aws-sdk-nodejs/2.1692.0 linux/v20.18.1 configure-aws-credentials-for-github-actions promise',
  userIdentity: {
    type: 'WebIdentityUser',
    principalId: `${OIDC_PROVIDER}:sts.amazonaws.com:${GITHUB_SUBJECT}`,
    userName: GITHUB_SUBJECT,
    identityProvider: OIDC_PROVIDER,
  },
  requestParameters: { roleArn: DEPLOY_ROLE, roleSessionName: DEPLOY_SESSION, durationSeconds: 3600 },
  responseElements: {
    credentials: {
      accessKeyId: accessKeyIdFor(DEPLOY_SESSION, true),
      expiration: new Date(at + 60 * MINUTE).toUTCString(),
    },
    subjectFromWebIdentityToken: GITHUB_SUBJECT,
    assumedRoleUser: {
      assumedRoleId: `AROA3EXAMPLEDEPLOY01:${DEPLOY_SESSION}`,
      arn: `arn:aws:sts::${ACCOUNT}:assumed-role/github-deploy/${DEPLOY_SESSION}`,
    },
    provider: OIDC_PROVIDER,
    audience: 'sts.amazonaws.com',
  },
})

/** Terraform publishing a function's new release zip. */
const updateFunctionCode = (functionName: string, release: string, version: string): DeployCall => {
  const functionArn = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${functionName}`
  return {
    EventName: 'UpdateFunctionCode20150331v2',
    EventSource: 'lambda.amazonaws.com',
    Resources: [{ ResourceType: 'AWS::Lambda::Function', ResourceName: functionArn }],
    requestParameters: {
      functionName,
      s3Bucket: 'acme-dev-artifacts',
      s3Key: `releases/${functionName.replace(/^acme-dev-/, '')}-${release}.zip`,
      publish: true,
    },
    responseElements: {
      functionName,
      functionArn,
      runtime: 'nodejs20.x',
      version,
      lastUpdateStatus: 'InProgress',
    },
  }
}

/** Terraform rolling the worker's ECS service onto a new task definition. */
const updateService = (revision: number): DeployCall => ({
  EventName: 'UpdateService',
  EventSource: 'ecs.amazonaws.com',
  Resources: [
    {
      ResourceType: 'AWS::ECS::Service',
      ResourceName: `arn:aws:ecs:${REGION}:${ACCOUNT}:service/acme-dev/worker`,
    },
  ],
  requestParameters: {
    cluster: 'acme-dev',
    service: 'worker',
    taskDefinition: `acme-dev-worker:${revision}`,
    forceNewDeployment: true,
  },
})

/** The story's deploy (seeds/story.ts): the run signs in, then apply updates api, events and worker. */
function releaseCalls(now: number): ControlCloudTrailEvent[] {
  const { deployAt, changeAt } = storyTimes(now)
  const session = deployAt + 6_500
  return [
    assumeDeployRole(session),
    deployCall(session, changeAt, updateFunctionCode('acme-dev-api', STORY_RELEASE, '43')),
    deployCall(session, changeAt + 600, updateFunctionCode('acme-dev-events', STORY_RELEASE, '19')),
    deployCall(session, changeAt + 1_200, updateService(18)),
  ]
}

export function demoCloudTrailEvents(now: number): ControlCloudTrailEvent[] {
  return [
    consoleLogin(now, 360, 'root', OFFICE_IP, {
      type: 'Root',
      principalId: ACCOUNT,
      arn: `arn:aws:iam::${ACCOUNT}:root`,
      accountId: ACCOUNT,
    }),
    consoleLogin(now, 185, 'alice', OFFICE_IP, userIdentity('alice')),
    consoleLogin(
      now,
      172,
      'mallory',
      '192.0.2.77',
      {
        type: 'IAMUser',
        principalId: `AIDA${accessKeyIdFor('mallory', false).slice(4)}`,
        accountId: ACCOUNT,
        accessKeyId: '',
        userName: 'mallory',
      },
      { failed: true },
    ),
    assumeDeployRole(now - 165 * MINUTE),
    deployCall(now - 165 * MINUTE, now - 163 * MINUTE, {
      EventName: 'CreateLogGroup',
      EventSource: 'logs.amazonaws.com',
      Resources: [{ ResourceType: 'AWS::Logs::LogGroup', ResourceName: '/aws/lambda/acme-dev-worker' }],
      requestParameters: { logGroupName: '/aws/lambda/acme-dev-worker' },
    }),
    deployCall(now - 165 * MINUTE, now - 162 * MINUTE, updateFunctionCode('acme-dev-api', '1.42.0', '42')),
    deployCall(now - 165 * MINUTE, now - 161 * MINUTE, updateService(17)),
    {
      EventName: 'GetCallerIdentity',
      EventSource: 'sts.amazonaws.com',
      EventTime: now - 95 * MINUTE,
      Username: 'alice',
      userIdentity: { ...userIdentity('alice'), accessKeyId: accessKeyIdFor('alice', false) },
      sourceIPAddress: OFFICE_IP,
    },
    {
      EventName: 'PutObject',
      EventSource: 's3.amazonaws.com',
      EventTime: now - 90 * MINUTE,
      Username: 'alice',
      EventCategory: 'Data',
      errorCode: 'AccessDenied',
      errorMessage:
        'User: arn:aws:iam::123456789012:user/alice is not authorized to perform: s3:PutObject on resource: "arn:aws:s3:::acme-dev-artifacts/releases/api-hotfix.zip" because no identity-based policy allows the s3:PutObject action',
      Resources: [
        {
          ResourceType: 'AWS::S3::Object',
          ResourceName: 'arn:aws:s3:::acme-dev-artifacts/releases/api-hotfix.zip',
        },
        { ResourceType: 'AWS::S3::Bucket', ResourceName: 'arn:aws:s3:::acme-dev-artifacts' },
      ],
      userIdentity: { ...userIdentity('alice'), accessKeyId: accessKeyIdFor('alice', false) },
      sourceIPAddress: OFFICE_IP,
      requestParameters: {
        bucketName: 'acme-dev-artifacts',
        Host: 'acme-dev-artifacts.s3.us-east-1.amazonaws.com',
        key: 'releases/api-hotfix.zip',
      },
    },
    {
      EventName: 'DescribeLogGroups',
      EventSource: 'logs.amazonaws.com',
      EventTime: now - 60 * MINUTE,
      Username: 'alice',
      userIdentity: { ...userIdentity('alice'), accessKeyId: accessKeyIdFor('alice', false) },
      sourceIPAddress: OFFICE_IP,
      requestParameters: { logGroupNamePrefix: '/aws/lambda/acme-dev' },
    },
    {
      EventName: 'AttachRolePolicy',
      EventSource: 'iam.amazonaws.com',
      EventTime: now - 40 * MINUTE,
      Username: 'alice',
      Resources: [
        { ResourceType: 'AWS::IAM::Policy', ResourceName: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess' },
        { ResourceType: 'AWS::IAM::Role', ResourceName: 'acme-dev-api' },
      ],
      userIdentity: { ...userIdentity('alice'), accessKeyId: accessKeyIdFor('alice', false) },
      sourceIPAddress: OFFICE_IP,
      requestParameters: {
        roleName: 'acme-dev-api',
        policyArn: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess',
      },
    },
    {
      // alice may not open the VPC to the world: denied, as it should be
      EventName: 'AuthorizeSecurityGroupIngress',
      EventSource: 'ec2.amazonaws.com',
      EventTime: now - 30 * MINUTE,
      Username: 'alice',
      ReadOnly: false,
      errorCode: 'Client.UnauthorizedOperation',
      errorMessage: 'You are not authorized to perform this operation.',
      Resources: [{ ResourceType: 'AWS::EC2::SecurityGroup', ResourceName: 'sg-0a1b2c3d4e5f60718' }],
      userIdentity: { ...userIdentity('alice'), accessKeyId: accessKeyIdFor('alice', false) },
      sourceIPAddress: OFFICE_IP,
      requestParameters: {
        groupId: 'sg-0a1b2c3d4e5f60718',
        ipPermissions: {
          items: [
            { ipProtocol: 'tcp', fromPort: 22, toPort: 22, ipRanges: { items: [{ cidrIp: '0.0.0.0/0' }] } },
          ],
        },
      },
    },
    {
      EventName: 'UpdateService',
      EventSource: 'ecs.amazonaws.com',
      EventTime: now - 20 * MINUTE,
      EventCategory: 'Insight',
      insightDetails: {
        state: 'Start',
        eventSource: 'ecs.amazonaws.com',
        eventName: 'UpdateService',
        insightType: 'ApiCallRateInsight',
        insightContext: {
          statistics: {
            baseline: { average: 0.0208 },
            insight: { average: 3 },
            insightDuration: 1,
            baselineDuration: 10079,
          },
          attributions: [
            {
              attribute: 'userIdentityArn',
              insight: [{ value: DEPLOY_ROLE, average: 3 }],
              baseline: [{ value: DEPLOY_ROLE, average: 0.0208 }],
            },
          ],
        },
      },
    },
    ...releaseCalls(now),
  ]
}
