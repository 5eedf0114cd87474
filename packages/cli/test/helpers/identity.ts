import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { type Emulator, startEmulator } from '@atmos-logs/testkit'
import { BIN, cleanEnv, tempDir, tempProject } from './cli.js'
import { writeFakeAtmos } from './fake-atmos-script.js'

/** One AWS identity's keys, as atmos auth would hold them after a sign-in. */
export interface IdentityKeys {
  name: string
  /** The root provider directory atmos auth writes this identity's files under. */
  provider: string
  accessKeyId: string
  secretAccessKey: string
  sessionToken: string
  region: string
  /** RFC 3339; the `; atmos: expiration=` comment. */
  expiration: string
}

/** Keys that look real enough and are unique to this test run, so a grep for them means something. */
export function makeKeys(
  name: string,
  provider: string,
  opts: { region?: string; expiration?: string } = {},
): IdentityKeys {
  const tag = `${name.replace(/[^a-z]/gi, '').toUpperCase()}${Math.random().toString(36).slice(2, 8).toUpperCase()}`
  return {
    name,
    provider,
    accessKeyId: `ASIA${tag}`.slice(0, 20).padEnd(20, 'X'),
    secretAccessKey: `secret/${tag}/${Math.random().toString(36).slice(2)}wJalrXUtnFEMI`,
    sessionToken: `IQoJb3JpZ2luX2VjE${tag}${Math.random().toString(36).slice(2)}sessiontoken`,
    region: opts.region ?? 'us-east-1',
    expiration: opts.expiration ?? new Date(Date.now() + 24 * 3600_000).toISOString(),
  }
}

function credentialsSection(k: IdentityKeys): string {
  return `[${k.name}]\naws_access_key_id = ${k.accessKeyId}\naws_secret_access_key = ${k.secretAccessKey}\naws_session_token = ${k.sessionToken}\n; atmos: expiration=${k.expiration}\n`
}

function configSection(k: IdentityKeys): string {
  return `[profile ${k.name}]\nregion = ${k.region}\n`
}

/**
 * Writes `<home>/atmos/[<realm>/]aws/<provider>/{credentials,config}` the way atmos auth does, one
 * section per identity, grouped by root provider.
 */
export async function writeAtmosAuthFiles(home: string, identities: IdentityKeys[], realm?: string) {
  const byProvider = new Map<string, IdentityKeys[]>()
  for (const k of identities) byProvider.set(k.provider, [...(byProvider.get(k.provider) ?? []), k])
  for (const [provider, list] of byProvider) {
    const dir = realm
      ? path.join(home, 'atmos', realm, 'aws', provider)
      : path.join(home, 'atmos', 'aws', provider)
    await mkdir(dir, { recursive: true })
    await writeFile(path.join(dir, 'credentials'), list.map(credentialsSection).join('\n'), { mode: 0o600 })
    await writeFile(path.join(dir, 'config'), list.map(configSection).join('\n'))
  }
}

export type FakeAtmosMode = 'ok' | 'hang' | 'fail'

export interface FakeAtmos {
  /** The directory holding the `atmos` script: put it on PATH, or name the script in ATMOS_AUTH_BINARY. */
  binDir: string
  path: string
  /** The argument lines of every invocation so far, in order. */
  invocations(): Promise<string[]>
  /** Ends the process a hanging fake left behind, if any. */
  stop(): Promise<void>
}

/**
 * A stand-in for the Go atmos: `atmos auth env --identity NAME --format json --login` writes that
 * identity's credential and config files into its own state directory and prints the environment
 * JSON pointing at them, as atmos does. `hang` never answers (and leaves a child holding its
 * output pipes, as a wrapper script would); `fail` prints a sign-in error (with
 * a keyed secret and a session token in it, as a careless tool might) and exits 1.
 */
export async function fakeAtmos(identities: IdentityKeys[], mode: FakeAtmosMode = 'ok'): Promise<FakeAtmos> {
  const cases = identities
    .map(
      (k) => `  ${k.name})
    cat > "$dir/credentials" <<'EOF'
${credentialsSection(k)}EOF
    cat > "$dir/config" <<'EOF'
${configSection(k)}EOF
    region=${k.region}
    secret='${k.secretAccessKey}'
    token='${k.sessionToken}'
    ;;`,
    )
    .join('\n')

  const fake = await writeFakeAtmos('atmos-fake-go-', async ({ root, log }) => {
    const state = path.join(root, 'state')
    await mkdir(state, { recursive: true })
    return `echo "$*" >> '${log}'
if [ "$1" != auth ] || [ "$2" != env ]; then echo "fake atmos: only 'auth env' is implemented" >&2; exit 64; fi
identity=
while [ $# -gt 0 ]; do
  if [ "$1" = --identity ]; then identity=$2; fi
  shift
done
dir='${state}'/$identity
mkdir -p "$dir"
case "$identity" in
${cases}
  *) echo "Error: identity \\"$identity\\" not found in auth.identities" >&2; exit 1 ;;
esac
${
  mode === 'hang'
    ? `# Wait the way a wrapper script around atmos would: in a child that keeps the pipes open.
sleep 60 &
echo $! > '${root}/sleep.pid'
wait`
    : mode === 'fail'
      ? `echo "Error: failed to refresh identity $identity: SSO session expired" >&2
echo "debug: cached aws_secret_access_key=$secret" >&2
echo "debug: {\\"SessionToken\\": \\"$token\\"}" >&2
exit 1`
      : `printf '{"AWS_SHARED_CREDENTIALS_FILE": "%s", "AWS_CONFIG_FILE": "%s", "AWS_PROFILE": "%s", "AWS_REGION": "%s"}\\n' "$dir/credentials" "$dir/config" "$identity" "$region"`
}
`
  })
  return {
    binDir: fake.binDir,
    path: fake.path,
    async invocations() {
      return (await readFile(fake.log, 'utf8')).split('\n').filter(Boolean)
    },
    async stop() {
      const pid = Number((await readFile(path.join(fake.root, 'sleep.pid'), 'utf8').catch(() => '')).trim())
      if (pid > 0) {
        try {
          process.kill(pid)
        } catch {
          // already gone
        }
      }
    },
  }
}

/** A directory whose `atmos` is a symlink to this CLI's own bin: the resolver must skip it. */
export async function selfOnPath(): Promise<string> {
  const dir = await tempDir('atmos-self-')
  await symlink(BIN, path.join(dir, 'atmos'))
  return dir
}

/** A PATH with the given directories first and only the system directories after (no other atmos). */
export function pathWith(...dirs: string[]): string {
  return [...dirs, '/usr/bin', '/bin'].join(path.delimiter)
}

export interface StackFixture {
  project: string
  configHome: string
  home: string
}

/**
 * A project with two AWS identities whose credentials live under different root providers:
 * dev-admin (the default) reaches acme-sso through a via chain (dev-admin -> core-admin ->
 * acme-sso); prod-readonly comes straight from acme-prod-sso. In stack `dev`, component `a` names
 * no identity (so it uses the default), `b` names prod-readonly and `c` names dev-admin.
 */
export async function identityProject(extraStack = ''): Promise<StackFixture> {
  const project = await tempProject({
    'atmos.yaml': `base_path: .
stacks:
  base_path: stacks
  included_paths: ["deploy/**/*"]
  name_template: "{{ .vars.stage }}"
auth:
  providers:
    acme-sso: {kind: aws/iam-identity-center, region: us-east-1, start_url: "https://acme.awsapps.com/start"}
    acme-prod-sso: {kind: aws/iam-identity-center, region: us-east-1, start_url: "https://acme-prod.awsapps.com/start"}
  identities:
    core-admin:
      kind: aws/permission-set
      via: {provider: acme-sso}
    dev-admin:
      kind: aws/assume-role
      default: true
      via: {identity: core-admin}
    prod-readonly:
      kind: aws/permission-set
      via: {provider: acme-prod-sso}
`,
    'stacks/deploy/dev.yaml': `vars:
  stage: dev
components:
  terraform:
    a:
      logs:
        sources:
          function:
            kind: aws/cloudwatch
            spec: {log_group: /acme/dev/a/function}
    b:
      logs:
        sources:
          app:
            kind: aws/cloudwatch
            identity: prod-readonly
            spec: {log_group: /acme/dev/b/app}
    c:
      logs:
        sources:
          jobs:
            kind: aws/cloudwatch
            identity: dev-admin
            spec: {log_group: /acme/dev/c/jobs}
${extraStack}`,
  })
  return { project, configHome: path.join(project, '.xdg'), home: path.join(project, '.home') }
}

export interface RecentCall {
  operation: string
  accessKeyId: string | null
  params: Record<string, unknown>
}

/** The emulator's public stats route: every call's operation, SigV4 access key id and parameters. */
export async function recentCalls(endpoint: string): Promise<RecentCall[]> {
  const res = await fetch(`${endpoint}/_emulator/stats`)
  const body = (await res.json()) as { recent: RecentCall[] }
  return body.recent
}

/** The access key ids that called with a given log group, over every call recorded. */
export function keysUsedFor(calls: RecentCall[], logGroup: string): string[] {
  const keys = calls
    .filter((c) => {
      const p = c.params ?? {}
      return (
        p.logGroupName === logGroup ||
        p.logGroupIdentifier === logGroup ||
        p.logGroupNamePrefix === logGroup ||
        (Array.isArray(p.logGroupIdentifiers) && p.logGroupIdentifiers.includes(logGroup))
      )
    })
    .map((c) => c.accessKeyId ?? '(none)')
  return [...new Set(keys)].sort()
}

/**
 * The environment every identity test runs the CLI in: the fixture's home and config home (where
 * the atmos auth files are), the emulator as the AWS endpoint, and a PATH without a real atmos.
 */
export function identityEnv(
  fixture: StackFixture,
  endpoint: string,
  extra: Record<string, string | undefined> = {},
): Record<string, string> {
  return cleanEnv({
    HOME: fixture.home,
    XDG_CONFIG_HOME: fixture.configHome,
    AWS_ENDPOINT_URL: endpoint,
    PATH: pathWith(),
    ...extra,
  })
}

/** What an identity test file works with: its emulator, its stack project, and the CLI's environment. */
export interface IdentitySuite {
  readonly emulator: Emulator
  readonly fixture: StackFixture
  /** identityEnv for this suite's fixture and emulator. */
  env(extra?: Record<string, string | undefined>): Record<string, string>
}

/**
 * The set-up every identity test file shares: an emulator and the identity stack project (with
 * `extraStack` components), made in beforeAll; the emulator is closed in afterAll. Use it only
 * inside hooks and tests.
 */
export function useIdentitySuite(extraStack = ''): IdentitySuite {
  let started: { emulator: Emulator; fixture: StackFixture } | undefined
  beforeAll(async () => {
    const emulator = await startEmulator({ port: 0 })
    started = { emulator, fixture: await identityProject(extraStack) }
  })
  afterAll(async () => {
    await started?.emulator.close()
  })
  const current = () => {
    if (!started) throw new Error('useIdentitySuite: used before its beforeAll ran')
    return started
  }
  return {
    get emulator() {
      return current().emulator
    },
    get fixture() {
      return current().fixture
    },
    env: (extra = {}) => identityEnv(current().fixture, current().emulator.endpoint, extra),
  }
}
