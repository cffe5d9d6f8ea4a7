#!/usr/bin/env bash
# Runs every VipAgent test. Installs what the tests need when it can (root + apt), then `dotnet test`.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash "$root/tests/setup.sh"
results="$root/.artifacts/test-results"
rm -rf "$results"
set +e
dotnet test VipAgent.sln --nologo --logger "trx" --results-directory "$results" "$@"
status=$?
set -e
python3 "$root/tests/summary.py" "$results" || true
exit $status
