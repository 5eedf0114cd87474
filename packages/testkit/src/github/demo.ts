/**
 * The demo seed: `acme/infrastructure` deploying with Terraform from `deploy.yml`. A few
 * successful runs (one of them re-run after a flaky init), one failing in `terraform apply` with
 * `##[error]` lines, and the newest, "Release 1.43.0", the deploy that starts the demo's incident
 * (seeds/story.ts): its apply updates api, events and worker about 40 s after the run starts.
 */
import { STORY_RELEASE, type StoryTimes, storyTimes } from '../seeds/story.js'
import type { GitHubSeed, GitHubSeedJob, GitHubSeedRun, GitHubSeedStep } from './seed.js'

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

const checkout: GitHubSeedStep = {
  name: 'Checkout',
  uses: 'actions/checkout@v4',
  with: { repository: 'acme/infrastructure', 'fetch-depth': '1' },
  durationMs: 1500,
  lines: [
    'Syncing repository: acme/infrastructure',
    '##[group]Getting Git version info',
    "Working directory is '/home/runner/work/infrastructure/infrastructure'",
    '[command]/usr/bin/git version',
    'git version 2.47.1',
    '##[endgroup]',
    '[command]/usr/bin/git -c protocol.version=2 fetch --no-tags --prune --no-recurse-submodules --depth=1 origin',
    '[command]/usr/bin/git checkout --progress --force -B main refs/remotes/origin/main',
    "Switched to a new branch 'main'",
  ],
}

const awsCredentials: GitHubSeedStep = {
  name: 'Configure AWS credentials',
  uses: 'aws-actions/configure-aws-credentials@v4',
  with: { 'role-to-assume': 'arn:aws:iam::123456789012:role/github-deploy', 'aws-region': 'us-east-1' },
  durationMs: 2000,
  lines: ['Assuming role with OIDC', 'Authenticated as assumedRoleId AROAEXAMPLEID:GitHubActions'],
}

const setupTerraform: GitHubSeedStep = {
  name: 'Setup Terraform',
  uses: 'hashicorp/setup-terraform@v3',
  with: { terraform_version: '1.9.8' },
  durationMs: 3000,
  lines: ['Downloading Terraform 1.9.8 for linux/amd64', 'Terraform 1.9.8 added to the tool cache'],
}

const init = (fails = false): GitHubSeedStep => ({
  name: 'Terraform init',
  run: 'terraform init -input=false',
  durationMs: fails ? 31_000 : 8000,
  conclusion: fails ? 'failure' : 'success',
  lines: fails
    ? [
        'Initializing the backend...',
        '╷',
        '│ Error: Failed to get existing workspaces: operation error S3: ListObjectsV2, https response error StatusCode: 0, RequestID: , HostID: , canceled, context deadline exceeded',
        '╵',
        '##[error]terraform init failed: the state bucket did not answer in time',
      ]
    : [
        'Initializing the backend...',
        'Successfully configured the backend "s3"! Terraform will automatically',
        'use this backend unless the backend configuration changes.',
        'Initializing provider plugins...',
        '- Finding hashicorp/aws versions matching "~> 5.0"...',
        '- Installing hashicorp/aws v5.80.0...',
        '- Installed hashicorp/aws v5.80.0 (signed by HashiCorp)',
        'Terraform has been successfully initialized!',
      ],
})

const plan: GitHubSeedStep = {
  name: 'Terraform plan',
  run: 'terraform plan -input=false -out=tfplan',
  durationMs: 20_000,
  lines: [
    'aws_iam_role.api: Refreshing state... [id=api-dev]',
    'aws_cloudwatch_log_group.api: Refreshing state... [id=/aws/lambda/api-dev]',
    'aws_lambda_function.api: Refreshing state... [id=api-dev]',
    'Terraform will perform the following actions:',
    '  # aws_lambda_function.api will be updated in-place',
    '  ~ resource "aws_lambda_function" "api" {',
    '      ~ memory_size = 256 -> 512',
    '    }',
    'Plan: 0 to add, 1 to change, 0 to destroy.',
    'Saved the plan to: tfplan',
  ],
}

const apply = (durationMs: number, fails = false): GitHubSeedStep => ({
  name: 'Terraform apply',
  run: 'terraform apply -input=false -auto-approve tfplan',
  durationMs,
  conclusion: fails ? 'failure' : 'success',
  lines: fails
    ? [
        'aws_iam_role_policy.api_logs: Modifying... [id=api-dev:api-dev-logs]',
        '╷',
        '│ Error: putting IAM Role (api-dev) Policy (api-dev-logs): operation error IAM: PutRolePolicy, https response error StatusCode: 403, api error AccessDenied: User: arn:aws:sts::123456789012:assumed-role/github-deploy/GitHubActions is not authorized to perform: iam:PutRolePolicy on resource: role api-dev',
        '│',
        '│   with aws_iam_role_policy.api_logs,',
        '│   on iam.tf line 14, in resource "aws_iam_role_policy" "api_logs":',
        '│   14: resource "aws_iam_role_policy" "api_logs" {',
        '╵',
        '##[error]terraform apply failed: AccessDenied on iam:PutRolePolicy for role api-dev',
      ]
    : [
        'aws_lambda_function.api: Modifying... [id=api-dev]',
        'aws_lambda_function.api: Still modifying... [id=api-dev, 10s elapsed]',
        'aws_lambda_function.api: Modifications complete after 12s [id=api-dev]',
        'Apply complete! Resources: 0 added, 1 changed, 0 destroyed.',
      ],
})

function deployJobs(
  opts: { applyMs?: number; applyFails?: boolean; initFails?: boolean } = {},
): GitHubSeedJob[] {
  return [
    {
      name: 'plan',
      runsOn: ['ubuntu-latest'],
      steps: [checkout, awsCredentials, setupTerraform, init(opts.initFails), plan],
    },
    {
      name: 'apply',
      needs: ['plan'],
      runsOn: ['ubuntu-latest'],
      steps: [
        checkout,
        awsCredentials,
        setupTerraform,
        init(),
        apply(opts.applyMs ?? 25_000, opts.applyFails),
      ],
    },
  ]
}

const releasePlan: GitHubSeedStep = {
  name: 'Terraform plan',
  run: 'terraform plan -input=false -out=tfplan',
  durationMs: 12_000,
  lines: [
    'aws_lambda_function.api: Refreshing state... [id=acme-dev-api]',
    'aws_lambda_function.events: Refreshing state... [id=acme-dev-events]',
    'aws_ecs_service.worker: Refreshing state... [id=arn:aws:ecs:us-east-1:123456789012:service/acme-dev/worker]',
    'Terraform will perform the following actions:',
    `  ~ s3_key = "releases/api-1.42.0.zip" -> "releases/api-${STORY_RELEASE}.zip"`,
    `  ~ s3_key = "releases/events-1.42.0.zip" -> "releases/events-${STORY_RELEASE}.zip"`,
    '  ~ task_definition = "acme-dev-worker:17" -> (known after apply)',
    'Plan: 0 to add, 3 to change, 0 to destroy.',
    'Saved the plan to: tfplan',
  ],
}

/**
 * The story's deploy: one job whose terraform apply touches the three services just before
 * CloudTrail records each call (`changeAt`). Its steps start after the 2 s queue and GitHub's own
 * 2 s "Set up job".
 */
function releaseRun(times: StoryTimes): GitHubSeedRun {
  const before = [checkout, awsCredentials, setupTerraform, init(), releasePlan]
  const applyStart = times.deployAt + 4_000 + before.reduce((ms, step) => ms + step.durationMs, 0)
  const at = (time: number, text: string) => ({ atMs: time - applyStart, text })
  const worker = 'arn:aws:ecs:us-east-1:123456789012:service/acme-dev/worker'
  return {
    createdAt: times.deployAt,
    title: `Release ${STORY_RELEASE}`,
    actor: 'jdoe',
    jobs: [
      {
        name: 'deploy',
        queueMs: 2_000,
        steps: [
          ...before,
          {
            name: 'Terraform apply',
            run: 'terraform apply -input=false -auto-approve tfplan',
            durationMs: 25_000,
            lines: [
              at(times.changeAt - 400, 'aws_lambda_function.api: Modifying... [id=acme-dev-api]'),
              at(times.changeAt + 200, 'aws_lambda_function.events: Modifying... [id=acme-dev-events]'),
              at(times.changeAt + 800, `aws_ecs_service.worker: Modifying... [id=${worker}]`),
              at(
                times.changeAt + 2_600,
                'aws_lambda_function.api: Modifications complete after 3s [id=acme-dev-api]',
              ),
              at(
                times.changeAt + 3_100,
                'aws_lambda_function.events: Modifications complete after 3s [id=acme-dev-events]',
              ),
              at(
                times.changeAt + 10_800,
                `aws_ecs_service.worker: Still modifying... [id=${worker}, 10s elapsed]`,
              ),
              at(
                times.changeAt + 12_900,
                `aws_ecs_service.worker: Modifications complete after 12s [id=${worker}]`,
              ),
              at(times.changeAt + 13_200, 'Apply complete! Resources: 0 added, 3 changed, 0 destroyed.'),
            ],
          },
        ],
      },
    ],
  }
}

const ciJobs = (): GitHubSeedJob[] => [
  {
    name: 'validate',
    steps: [
      checkout,
      setupTerraform,
      { name: 'terraform fmt', run: 'terraform fmt -check -recursive', durationMs: 1500 },
      { name: 'tflint', run: 'tflint --recursive', durationMs: 6000, lines: ['0 issue(s) found'] },
    ],
  },
]

/** Demo data whose times are relative to `now` (epoch ms), so it looks fresh whenever it is loaded. */
export function demoGitHubSeed(now: number): GitHubSeed {
  const deployRuns: GitHubSeedRun[] = [
    { createdAt: now - 6 * DAY, title: 'Bump api memory to 512 MB', actor: 'jdoe', jobs: deployJobs() },
    {
      createdAt: now - 4 * DAY,
      title: 'Add log retention to the api log group',
      actor: 'mlee',
      jobs: deployJobs(),
    },
    {
      createdAt: now - 3 * DAY,
      title: 'Tag the ECS service with its cost center',
      actor: 'jdoe',
      attempts: [{ jobs: deployJobs({ initFails: true }) }, { delayMs: 5 * MINUTE, jobs: deployJobs() }],
    },
    {
      createdAt: now - 2 * DAY,
      event: 'workflow_dispatch',
      title: 'Deploy',
      actor: 'ops-bot',
      jobs: deployJobs(),
    },
    {
      createdAt: now - 3 * HOUR,
      title: 'Let the api write its own log policy',
      actor: 'mlee',
      jobs: deployJobs({ applyFails: true }),
    },
    releaseRun(storyTimes(now)),
  ]
  return {
    repos: [
      {
        owner: 'acme',
        name: 'infrastructure',
        workflows: [
          { name: 'Deploy', path: '.github/workflows/deploy.yml', runs: deployRuns },
          {
            name: 'CI',
            path: '.github/workflows/ci.yml',
            runs: [
              {
                createdAt: now - 4 * DAY - HOUR,
                event: 'pull_request',
                branch: 'feature/log-retention',
                title: 'Add log retention to the api log group',
                actor: 'mlee',
                jobs: ciJobs(),
              },
              {
                createdAt: now - 5 * HOUR,
                event: 'pull_request',
                branch: 'feature/log-policy',
                title: 'Let the api write its own log policy',
                actor: 'mlee',
                jobs: ciJobs(),
              },
            ],
          },
        ],
      },
    ],
  }
}
