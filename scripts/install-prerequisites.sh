#!/usr/bin/env bash
# Installs what the integration tests use beyond the .NET SDK, when it is missing: moto's server
# (AWS emulator), the AWS CLI (a real client and botocore's serializer), binutils (the bootstrap's glibc
# check) and the npm tools under tools/; checks cfn-lint is there (no PyPI here). Idempotent: a machine that has everything installs nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
[ -x /usr/bin/aws ] || need_apt+=(awscli)
command -v objdump >/dev/null 2>&1 || need_apt+=(binutils)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "install-prerequisites: missing Debian packages: ${need_apt[*]} (run as root or install them)" >&2
    exit 1
  fi
  echo "install-prerequisites: apt-get install ${need_apt[*]}" >&2
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

# The portal's browser tests (tests/Provisioner.Portal.Tests) drive Debian's headless Chromium through Playwright.
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "install-prerequisites: missing Debian package: chromium (run as root or install it)" >&2
    exit 1
  fi
  echo "install-prerequisites: apt-get install chromium" >&2
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

if ! command -v moto_server >/dev/null 2>&1 && [ -z "${PROVISIONER_MOTO_SERVER:-}" ] && [ -z "${AWS_ENDPOINT_URL:-}" ]; then
  echo "install-prerequisites: moto_server not found; trying pip install 'moto[server]'" >&2
  python3 -m pip install --quiet 'moto[server]' >&2
fi

if [ -f tools/package-lock.json ] && [ ! -d tools/node_modules ]; then
  echo "install-prerequisites: npm ci in tools/" >&2
  (cd tools && npm ci --no-audit --no-fund --silent)
fi

if ! python3 -c 'import cfnlint, samtranslator' >/dev/null 2>&1; then
  echo "install-prerequisites: python3 lacks cfn-lint with aws-sam-translator (pip install cfn-lint aws-sam-translator); the template tests need them" >&2
  exit 1
fi
