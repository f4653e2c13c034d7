#!/usr/bin/env bash
# Coverage-guided fuzzing with atheris (libFuzzer) of the importer, the Thai parsers and the
# feed parser. Usage: fuzz/run.sh [SECONDS_PER_TARGET] [TARGET…]   (default 180 s, all three)
# atheris is installed here only (it is no dependency of msoc). Seeds come from the repository's
# own sample and fixtures; new corpus entries and any crash input go to fuzz/out/TARGET/.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH=${1:-180}; shift || true
TARGETS=("${@:-importer thai feeds}")
PY=.venv/bin/python
$PY -c "import atheris" 2>/dev/null || $PY -m pip install -q atheris

seed() {  # target → seed folder filled from the repository's files
  local dir="fuzz/out/$1/corpus"; mkdir -p "$dir"
  case $1 in
    importer) cp msoc/data/demo/msoc-daily-report-2566-05-03.txt tests/report/fixtures/*.txt "$dir"/ ;;
    thai) printf '%s' '๐๒๑๔๐๕ พ.ค.๖๖' >"$dir/dtg"; printf '%s' '๑,๒๕๓,๓๐๕' >"$dir/number"
          printf '%s' 'วันพุธที่ ๐๓ พฤษภาคม พ.ศ. ๒๕๖๖' >"$dir/date" ;;
    feeds) for f in tests/news/fixtures/feeds/*; do printf '\0' | cat - "$f" >"$dir/$(basename "$f")"; done ;;
  esac
  echo "$dir"
}

crashed=0
for target in ${TARGETS[@]}; do
  corpus=$(seed "$target")
  echo "=== atheris $target for ${SECONDS_EACH}s ==="
  (cd "fuzz/out/$target" && "$OLDPWD/$PY" "$OLDPWD/fuzz/$target.py" -max_total_time="$SECONDS_EACH" \
     -max_len=65536 -timeout=20 -rss_limit_mb=4096 corpus) 2>&1 | tee "fuzz/out/$target/log.txt" \
     | grep -E "(INITED|DONE) |Done [0-9]+ runs|ERROR|Uncaught|crash-" || true
  if compgen -G "fuzz/out/$target/crash-*" >/dev/null; then
    echo "CRASH: inputs in fuzz/out/$target/ (replay: $PY fuzz/$target.py FILE)"; crashed=1
  fi
done
exit $crashed
