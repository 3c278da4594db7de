#!/bin/sh
# The browser test drives Debian's Chromium through playwright-core (never a downloaded browser
# build). Install it when it is missing and we may (root with apt-get); otherwise say how.
set -eu
chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
[ -x "$chromium" ] && exit 0

if [ -z "${CHROMIUM_PATH:-}" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "docs test: Chromium is missing; installing Debian's chromium package with apt-get" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  [ -x "$chromium" ] && exit 0
fi

cat >&2 <<MSG
docs test: no Chromium at $chromium, so the browser test cannot run.
  On Debian/Ubuntu: sudo apt-get update && sudo apt-get install -y chromium
  Elsewhere: set CHROMIUM_PATH to a Chromium or Chrome executable.
MSG
exit 1
