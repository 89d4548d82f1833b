#!/bin/sh
# Visual diff of a change, for any CI: builds every issue with the base revision's paiban, then
# compares each with the same issue file of this checkout, which paiban diff builds with this
# checkout's paiban, page by page. Writes, into OUT:
#   OUT/report.md               every issue's report, one after another (for a pull-request comment)
#   OUT/<issue>/report.md, pNN.png, report.json   each issue's report, images and JSON, and logs
#   OUT/base/<issue>/           the base revision's PDFs
# Needs git, Node and npm only. Run from the root of a checkout of the head revision, after
# `npm ci`:
#   scripts/ci-diff.sh BASE_REVISION [OUT]        (OUT defaults to diff-out)
# ISSUES lists the issue files to compare (default: every issues/*/issue.yaml of either revision).
# Exit status: 0, or 1 when PAIBAN_DIFF_EXIT_CODE=1 and a page changed; 2 on a usage error; 3 when
# an issue could not be built or compared (its error is in the report).
set -eu

base=${1:?usage: scripts/ci-diff.sh BASE_REVISION [OUT]}
out=${2:-diff-out}
head_dir=$(pwd)
mkdir -p "$out"
out=$(cd "$out" && pwd)
base_dir=$(mktemp -d "${TMPDIR:-/tmp}/paiban-base-XXXXXX")
trap 'rm -rf "$base_dir"' EXIT

# The base revision's files, with its own paiban: a change to the engine or a layout shows as well as one to an issue.
# A change to issues alone leaves the base's paiban this checkout's: that one builds both sides, and the base is not installed.
git archive --format=tar "$base" | tar -x -C "$base_dir"
if git diff --quiet "$base" -- . ':(exclude)issues'; then
  base_paiban=$head_dir/bin/paiban.js
else
  (cd "$base_dir" && npm ci --no-audit --no-fund >/dev/null)
  base_paiban=$base_dir/bin/paiban.js
fi

issues=${ISSUES:-$( (cd "$head_dir" && ls issues/*/issue.yaml 2>/dev/null); (cd "$base_dir" && ls issues/*/issue.yaml 2>/dev/null) )}
issues=$(printf '%s\n' $issues | sort -u)

changed=0
failed=0
: >"$out/report.md"
for issue in $issues; do
  name=$(basename "$(dirname "$issue")")
  rm -rf "${out:?}/base/$name" "${out:?}/$name"
  mkdir -p "$out/$name"
  if [ -f "$base_dir/$issue" ]; then
    node "$base_paiban" build "$base_dir/$issue" -o "$out/base/$name" >"$out/$name/base-build.log" 2>&1 || true
  fi
  if [ ! -f "$head_dir/$issue" ] || [ ! -f "$base_dir/$issue" ]; then
    printf '## %s: %s\n\n' "$name" "$([ -f "$head_dir/$issue" ] && echo "new in this change" || echo "removed by this change")" >>"$out/report.md"
    changed=1
    continue
  fi
  # The head's side is its issue file, built by paiban diff itself: its page model names grid cells and articles.
  status=0
  node "$head_dir/bin/paiban.js" diff "$out/base/$name" "$head_dir/$issue" -o "$out/$name" --json --exit-code \
    >"$out/$name/report.json" 2>"$out/$name/diff.log" || status=$?
  case $status in
    0) ;;
    # 1 is a change when the report was written, else an error.
    1) if [ -f "$out/$name/report.md" ]; then changed=1; else failed=1; fi ;;
    *) failed=1 ;;
  esac
  if [ -f "$out/$name/report.md" ]; then
    # Each issue's report under its own heading, its images' paths from OUT.
    sed -e "s|^## paiban diff:|## $name:|" -e "s|](p\([0-9]*\)\.png)|]($name/p\1.png)|" "$out/$name/report.md" >>"$out/report.md"
  else
    printf '## %s: could not be compared\n\n```\n%s\n```\n' "$name" "$(cat "$out/$name/base-build.log" "$out/$name/diff.log" 2>/dev/null | tail -20)" >>"$out/report.md"
  fi
  printf '\n' >>"$out/report.md"
done

cat "$out/report.md"
[ $failed = 0 ] || exit 3
[ "${PAIBAN_DIFF_EXIT_CODE:-0}" = 1 ] && [ $changed = 1 ] && exit 1
exit 0
