// Writes etc/core.api.md, the report of core's public API, from the built declarations. Locally
// the report is updated; in CI (CI set) a report that differs from the checked-in one fails the
// build, so a change to the contract is always a reviewed diff.
import path from 'node:path'
import { Extractor, ExtractorConfig } from '@microsoft/api-extractor'

const root = path.resolve(import.meta.dirname, '..')
const config = ExtractorConfig.loadFileAndPrepare(path.join(root, 'api-extractor.json'))
const ci = Boolean(process.env.CI)
const result = Extractor.invoke(config, { localBuild: !ci, showVerboseMessages: false })
if (!result.succeeded) {
  const changed = result.apiReportChanged && ci
  process.stderr.write(
    changed
      ? "The public API of @atmos-logs/core changed, and etc/core.api.md does not say so. Build core locally (`pnpm --filter @atmos-logs/core build`), review the report's diff and commit it.\n"
      : `api-extractor failed with ${result.errorCount} error(s).\n`,
  )
  process.exit(1)
}
