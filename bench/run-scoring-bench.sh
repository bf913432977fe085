#!/usr/bin/env bash
# Times the C# scorer (bench/Leaderboard.Bench) and scikit-learn (sklearn_scoring_bench.py)
# on the same generated data, one after the other on this machine, and prints the machine,
# both medians and their ratio for each case as a Markdown table.
# Usage: bench/run-scoring-bench.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# The Debian interpreter, whose python3-sklearn package provides scikit-learn. Another
# python3 earlier on PATH may lack it.
PYTHON=/usr/bin/python3
WORK="$(mktemp -d)"
# Other processes on the machine slow both sides, and the load average shows how busy it was.
LOAD_AT_START="$(cut -d ' ' -f 1-3 /proc/loadavg)"
trap 'rm -rf "$WORK"' EXIT

dotnet build bench/Leaderboard.Bench -c Release -nologo -v quiet >&2
dotnet bench/Leaderboard.Bench/bin/Release/net10.0/Leaderboard.Bench.dll >"$WORK/dotnet.txt"
"$PYTHON" bench/sklearn_scoring_bench.py >"$WORK/sklearn.txt"

echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "- CPU: $(lscpu | sed -n 's/^Model name:[[:space:]]*//p' | head -n 1), $(nproc) cores"
echo "- Load average (1, 5, 15 min) at start: $LOAD_AT_START; at end: $(cut -d ' ' -f 1-3 /proc/loadavg)"
echo "- .NET SDK $(dotnet --version); scikit-learn $("$PYTHON" -c 'import sklearn; print(sklearn.__version__)'), numpy $("$PYTHON" -c 'import numpy; print(numpy.__version__)'), Python $("$PYTHON" -c 'import platform; print(platform.python_version())')"
echo
echo "| case | C# median (ms) | scikit-learn median (ms) | ratio | C# result | scikit-learn result |"
echo "| --- | ---: | ---: | ---: | --- | --- |"
join <(sort "$WORK/dotnet.txt") <(sort "$WORK/sklearn.txt") | awk '
{
    for (i = 2; i <= NF; i++) { split($i, pair, "="); value[i] = pair[2] }
    # Fields: name, C# median, runs, result, then the same three for scikit-learn.
    printf "| %s | %.2f | %.2f | %.0fx | %s | %s |\n", $1, value[2], value[5], value[5] / value[2], value[4], value[7]
}'
