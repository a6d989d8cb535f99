#!/bin/sh
# Install the system packages Dais uses: espeak-ng and alsa-utils for speech; tmux, sox and
# chromium for the tests (DAIS_NO_BROWSER=1 skips chromium). Uses apt-get where it is available and we are root (or have sudo);
# otherwise says what is missing and carries on: the console works without speech.
need=""
command -v espeak-ng >/dev/null 2>&1 || need="$need espeak-ng"
command -v aplay >/dev/null 2>&1 || need="$need alsa-utils"
command -v tmux >/dev/null 2>&1 || need="$need tmux"
command -v sox >/dev/null 2>&1 || need="$need sox"
# Debian's chromium, for the test of `dais serve` in a real browser (tests only).
if [ "${DAIS_NO_BROWSER:-}" != 1 ]; then
  command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || need="$need chromium"
fi
[ -z "$need" ] && exit 0
if command -v apt-get >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then sudo=""; elif command -v sudo >/dev/null 2>&1; then sudo="sudo -n"; else sudo=none; fi
  if [ "$sudo" != none ]; then
    echo "Installing system packages:$need"
    $sudo apt-get update -qq >/dev/null 2>&1
    if DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $need >/dev/null 2>&1; then
      exit 0
    fi
  fi
fi
echo "Could not install:$need. Install them with your package manager for speech and the end-to-end tests." >&2
exit 0
