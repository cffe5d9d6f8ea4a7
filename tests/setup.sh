#!/usr/bin/env bash
# Installs the system packages the tests use, when this shell may (root with apt-get).
# Without root, tests that need a missing component skip with a visible reason.
set -euo pipefail
need=()
command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
command -v python3 >/dev/null 2>&1 || need+=(python3)
# The programs of vip's bundled applications (src/VipAgent.Host/Apps/Bundled), run for real by BundledExecTests;
# installed without recommended packages (mrtrix3 alone pulls Qt's libraries, not its GUI's desktop stack).
tools=()
command -v mrthreshold >/dev/null 2>&1 && command -v mrstats >/dev/null 2>&1 && command -v mrconvert >/dev/null 2>&1 || tools+=(mrtrix3)
command -v dcm2niix >/dev/null 2>&1 || tools+=(dcm2niix)
if ((${#need[@]})); then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    echo "tests/setup.sh: installing ${need[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "tests/setup.sh: missing ${need[*]}; tests that need them will skip" >&2
  fi
fi
if ((${#tools[@]})); then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    echo "tests/setup.sh: installing ${tools[*]} (without recommends)"
    if ! { { ((${#need[@]})) || apt-get update -qq; } && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${tools[@]}" >/dev/null; }; then
      echo "tests/setup.sh: could not install ${tools[*]}; tests of the bundled applications will skip" >&2
    fi
  else
    echo "tests/setup.sh: missing ${tools[*]}; tests of the bundled applications will skip" >&2
  fi
fi
