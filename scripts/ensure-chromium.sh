#!/usr/bin/env bash
# Makes sure the Chromium used by the browser tests exists (Debian's package, no download
# by Playwright). Runs before `npm test`; installs with apt-get when missing and allowed.
set -euo pipefail

chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$chromium" ]; then
  exit 0
fi

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1 && [ -z "${CHROMIUM_PATH:-}" ]; then
  echo "ensure-chromium: $chromium is missing; installing Debian's chromium with apt-get…" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends chromium fonts-liberation >/dev/null
  if [ -x "$chromium" ]; then
    exit 0
  fi
fi

cat >&2 <<MSG
ensure-chromium: no Chromium at $chromium, so the browser tests (the Storybook stories in
real Chromium) cannot run. Fix it with one of:
  - sudo apt-get install chromium            (Debian/Ubuntu; then rerun npm test)
  - CHROMIUM_PATH=/path/to/chrome npm test   (any Chromium or Chrome you already have)
MSG
exit 1
