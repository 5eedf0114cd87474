export { configHome } from './atmos-files.js'
export {
  CREDENTIAL_REDACT_PATHS,
  maskSpec,
  REDACTED,
  redactCredentialText,
  redactSecrets,
  redactUrlCredentials,
  secretValues,
  specSecretValues,
} from './redact.js'
export { type CredentialResolver, createCredentialResolver } from './resolver.js'
export type {
  CredentialAuthConfig,
  CredentialResolverOptions,
  ExecFile,
  ExecOptions,
  ExecResult,
  IdentityConfig,
  SourceRef,
} from './types.js'
