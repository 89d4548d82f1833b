#!/bin/sh
# Visual diff of a change, for any CI: builds every issue with the base revision's paiban, then
# compares each with the same issue file of this checkout, which paiban diff builds with this
# checkout's paiban, page by page. Writes, into OUT:
#   OUT/report.md               every issue's report, one after another (for a pull-request comment)
#   OUT/<issue>/report.md, pNN.png, report.json   each issue's report, images and JSON, and logs
#   OUT/base/<issue>/           the base revision's PDFs
# <issue> is the issue's folder for issues/<folder>/issue.yaml, <folder>-<name> for any other
# issues/<folder>/<name>.yaml, with -2, -3... added should two issue files still share one.
# Needs git, Node and npm only. Run from the root of a checkout of the head revision, after
# `npm ci`:
#   scripts/ci-diff.sh BASE_REVISION [OUT]        (OUT defaults to diff-out)
# ISSUES lists the issue files to compare, one a line (default: every issues/*/issue.yaml of either
# revision). A base revision that cannot build an issue this checkout builds reports it as fixed.
# Exit status: 0, or 1 when PAIBAN_DIFF_EXIT_CODE=1 and a page changed; 2 on a usage error; 3 when
# an issue could not be built or compared (its error is in the report).
set -eu

base=${1:?usage: scripts/ci-diff.sh BASE_REVISION [OUT]}
out=${2:-diff-out}
head_dir=$(pwd)
mkdir -p "$out"
out=$(cd "$out" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/paiban-ci-diff-XXXXXX")
trap 'rm -rf "$work"' EXIT
base_dir=$work/base
labels=$work/labels
list=$work/issues
mkdir "$base_dir"

# The base revision's files, with its own paiban: a change to the engine or a layout shows as well as one to an issue.
# A change to issues alone leaves the base's paiban this checkout's: that one builds both sides, and the base is not installed.
git archive --format=tar "$base" | tar -x -C "$base_dir"
if git diff --quiet "$base" -- . ':(exclude)issues'; then
  base_paiban=$head_dir/bin/paiban.js
else
  (cd "$base_dir" && npm ci --no-audit --no-fund >/dev/null)
  base_paiban=$base_dir/bin/paiban.js
fi

# The issue files, one a line in $list: names may hold spaces or any character but a newline.
each_issue() {
  for f in issues/*/issue.yaml; do
    [ -f "$f" ] || continue
    case $f in *'
'*) echo "ci-diff: $f: an issue folder's name has a newline; rename it" >&2; exit 2 ;; esac
    printf '%s\n' "$f"
  done
}
if [ -n "${ISSUES:-}" ]; then
  printf '%s\n' "$ISSUES" | sed '/^[[:space:]]*$/d' | sort -u >"$list"
else
  (cd "$head_dir" && each_issue) >"$list.all" || exit 2
  (cd "$base_dir" && each_issue) >>"$list.all" || exit 2
  sort -u "$list.all" >"$list"
fi

# Each issue's report appended to OUT/report.md under its own heading, its images' paths from OUT.
# awk takes the label from the environment: no character of a folder's name is read as a pattern.
# A link to a path with a space or other mark is written <path> (CommonMark).
append_report() {
  label=$1 awk '
    BEGIN { label = ENVIRON["label"]; if (label ~ /[^A-Za-z0-9._\/-]/) { lt = "<"; gt = ">" } }
    /^## paiban diff:/ { print "## " label substr($0, length("## paiban diff") + 1); next }
    {
      line = $0; done = ""
      while (match(line, /\]\(p[0-9]+\.png\)/)) {
        done = done substr(line, 1, RSTART) "(" lt label "/" substr(line, RSTART + 2, RLENGTH - 3) gt ")"
        line = substr(line, RSTART + RLENGTH)
      }
      print done line
    }' "$2" >>"$out/report.md"
}

changed=0
failed=0
: >"$out/report.md"
: >"$labels"
while IFS= read -r issue <&3; do
  folder=$(basename "$(dirname "$issue")")
  file=$(basename "$issue" .yaml)
  if [ "$file" = issue ]; then name=$folder; else name=$folder-$file; fi
  label=$name
  n=1
  while grep -qxF -- "$label" "$labels"; do n=$((n + 1)); label=$name-$n; done
  name=$label
  printf '%s\n' "$name" >>"$labels"
  rm -rf "${out:?}/base/$name" "${out:?}/$name"
  mkdir -p "$out/$name"
  base_built=1
  if [ -f "$base_dir/$issue" ]; then
    node "$base_paiban" build "$base_dir/$issue" -o "$out/base/$name" >"$out/$name/base-build.log" 2>&1 </dev/null || base_built=0
  fi
  if [ ! -f "$head_dir/$issue" ] || [ ! -f "$base_dir/$issue" ]; then
    printf '## %s: %s\n\n' "$name" "$([ -f "$head_dir/$issue" ] && echo "new in this change" || echo "removed by this change")" >>"$out/report.md"
    changed=1
    continue
  fi
  if [ $base_built = 0 ]; then
    # Nothing to compare with: the change is a fix when this checkout builds the issue.
    if node "$head_dir/bin/paiban.js" build "$head_dir/$issue" -o "$out/$name/head" >"$out/$name/head-build.log" 2>&1 </dev/null; then
      printf '## %s: fixed by this change\n\nThe base revision could not build this issue; this change builds it (PDF in `%s/head/`). The base'"'"'s error:\n\n```\n%s\n```\n\n' \
        "$name" "$name" "$(tail -20 "$out/$name/base-build.log")" >>"$out/report.md"
      changed=1
    else
      printf '## %s: could not be built\n\nNeither the base revision nor this change builds this issue.\n\n```\n%s\n```\n\n' \
        "$name" "$(tail -20 "$out/$name/head-build.log")" >>"$out/report.md"
      failed=1
    fi
    continue
  fi
  # The head's side is its issue file, built by paiban diff itself: its page model names grid cells and articles.
  status=0
  node "$head_dir/bin/paiban.js" diff "$out/base/$name" "$head_dir/$issue" -o "$out/$name" --json --exit-code \
    >"$out/$name/report.json" 2>"$out/$name/diff.log" </dev/null || status=$?
  case $status in
    0) ;;
    # 1 is a change when the report was written, else an error.
    1) if [ -f "$out/$name/report.md" ]; then changed=1; else failed=1; fi ;;
    *) failed=1 ;;
  esac
  if [ -f "$out/$name/report.md" ]; then
    append_report "$name" "$out/$name/report.md"
  else
    printf '## %s: could not be compared\n\n```\n%s\n```\n' "$name" "$(cat "$out/$name/diff.log" 2>/dev/null | tail -20)" >>"$out/report.md"
  fi
  printf '\n' >>"$out/report.md"
done 3<"$list"

cat "$out/report.md"
[ $failed = 0 ] || exit 3
[ "${PAIBAN_DIFF_EXIT_CODE:-0}" = 1 ] && [ $changed = 1 ] && exit 1
exit 0
