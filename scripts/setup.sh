#!/usr/bin/env bash
# Sets up a new machine that has Node 20+ and npm: the Debian packages the tests drive, pnpm
# (installed with npm, because corepack fails its registry signature check here), the workspace's
# dependencies, and a build. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
# The Debian awscli (v2) is the peer the emulator is tested with, and its botocore models are what
# the emulator's answers are checked against; a pip or pyenv `aws` on PATH is neither.
[ -x /usr/bin/aws ] || need_apt+=(awscli)
command -v tmux >/dev/null 2>&1 || need_apt+=(tmux)    # terminal tests of the CLI
command -v zsh >/dev/null 2>&1 || need_apt+=(zsh)      # the shell completion scripts are run in them
command -v fish >/dev/null 2>&1 || need_apt+=(fish)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
  else
    echo "setup: ${need_apt[*]} not installed; the tests that drive them will say so and be skipped" >&2
  fi
fi

if [ "$(pnpm --version 2>/dev/null)" != "10.34.9" ]; then
  npm install -g pnpm@10.34.9 --no-fund --no-audit >/dev/null
fi
export TURBO_TELEMETRY_DISABLED=1
pnpm install --frozen-lockfile
pnpm build
