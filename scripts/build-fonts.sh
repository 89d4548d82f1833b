#!/usr/bin/env bash
# Rebuild the bundled CJK fonts in fonts/ from installed Debian font packages.
#
#   scripts/build-fonts.sh            build every face, copy licences, verify
#   scripts/build-fonts.sh --verify   only verify the files already in fonts/
#
# Needs (Debian 12 package names):
#   apt-get install fonts-noto-cjk fonts-noto-cjk-extra fonts-lxgw-wenkai python3-fonttools
#
# Environment overrides:
#   PYTHON  interpreter that has fontTools (default /usr/bin/python3, the one
#           python3-fonttools installs into; a pyenv/venv python3 usually lacks it)
#   JOBS    how many pyftsubset runs at once (default 2; each needs ~0.5-1 GB RAM)
#   OUT     output directory (default <repo>/fonts)
#
# See fonts/README.md for what each file is and why it is cut the way it is.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SELF="$ROOT/scripts/build-fonts.sh"
export OUT=${OUT:-$ROOT/fonts}
export PYTHON=${PYTHON:-/usr/bin/python3}
JOBS=${JOBS:-2}

NOTO=/usr/share/fonts/opentype/noto
WENKAI=/usr/share/fonts/truetype/lxgw-wenkai
PACKAGES=(fonts-noto-cjk fonts-noto-cjk-extra fonts-lxgw-wenkai python3-fonttools)

# Size budget for all font files in fonts/ together.
MAX_TOTAL_BYTES=$((85 * 1000 * 1000))

# GB 18030 coverage used for every face except the body face. Private use
# (U+E000-F8FF) is deliberately left out. Only code points the source font
# actually maps are kept, of course.
export GB18030_UNICODES="\
U+0020-007E,U+00A0-00FF,U+0100-024F,U+02C6-02DD,U+0391-03C9,U+0401-0451,\
U+2000-206F,U+2100-218F,U+2190-21FF,U+2200-22FF,U+2300-23FF,U+2460-24FF,\
U+2500-257F,U+2580-259F,U+25A0-25FF,U+2600-26FF,U+2E80-2FDF,U+2FF0-2FFF,\
U+3000-303F,U+3040-30FF,U+3100-312F,U+31C0-31EF,U+3200-32FF,U+3300-33FF,\
U+3400-4DBF,U+4E00-9FFF,U+F900-FAFF,U+FE10-FE1F,U+FE30-FE4F,U+FF00-FFEF"

# One line per output file:  output|source file|PostScript name|coverage
# coverage is "all" (every code point the source maps), "gb18030", or "copy"
# (the source file is copied byte for byte, not subset; it must be a single
# font, not a collection). LXGW WenKai is copied: its OFL licence has Reserved
# Font Names ("霞鹜", "LXGW"), and a subset would be a Modified Version, which
# may not keep them.
SPECS=(
  "NotoSerifCJKsc-Regular.otf|$NOTO/NotoSerifCJK-Regular.ttc|NotoSerifCJKsc-Regular|all"
  "NotoSerifCJKsc-Bold.otf|$NOTO/NotoSerifCJK-Bold.ttc|NotoSerifCJKsc-Bold|gb18030"
  "NotoSerifCJKsc-Black.otf|$NOTO/NotoSerifCJK-Black.ttc|NotoSerifCJKsc-Black|gb18030"
  "NotoSansCJKsc-Medium.otf|$NOTO/NotoSansCJK-Medium.ttc|NotoSansCJKsc-Medium|gb18030"
  "NotoSansCJKsc-Bold.otf|$NOTO/NotoSansCJK-Bold.ttc|NotoSansCJKsc-Bold|gb18030"
  "LXGWWenKai-Regular.ttf|$WENKAI/LXGWWenKai-Regular.ttf|LXGWWenKai-Regular|copy"
)

die() { echo "build-fonts: $*" >&2; exit 1; }

# --- one build job (run by xargs, possibly in parallel) ----------------------
build_one() {
  local spec=$1 out src psname coverage
  IFS='|' read -r out src psname coverage <<<"$spec"
  local start=$SECONDS

  [[ -f $src ]] || die "$src not found"

  if [[ $coverage == copy ]]; then
    local tmp="$OUT/.$out.tmp"
    cp "$src" "$tmp" && cmp -s "$src" "$tmp" || { rm -f "$tmp"; die "copying $src failed"; }
    mv -f "$tmp" "$OUT/$out"
    printf '  %-28s copied unmodified from %s, %ds\n' "$out" "$src" $((SECONDS - start))
    return
  fi

  # Find the collection member whose PostScript name (name ID 6) is $psname,
  # and list the GSUB/GPOS feature tags that member has, minus 'locl'.
  # (pyftsubset's --layout-features='*' --layout-features-=locl does NOT drop
  # locl: '-=' only removes items from the list, and the list is just ['*'].
  # So the features to keep are spelled out.)
  local info index features
  info=$("$PYTHON" - "$src" "$psname" <<'PY'
import sys
from fontTools.ttLib import TTFont, TTCollection
path, want = sys.argv[1], sys.argv[2]
if path.lower().endswith(('.ttc', '.otc')):
    members = list(enumerate(TTCollection(path, lazy=True).fonts))
else:
    members = [(-1, TTFont(path, lazy=True))]
for i, f in members:
    if f['name'].getDebugName(6) == want:
        tags = set()
        for t in ('GSUB', 'GPOS'):
            if t in f and f[t].table.FeatureList:
                tags.update(r.FeatureTag for r in f[t].table.FeatureList.FeatureRecord)
        tags.discard('locl')
        print(i, ','.join(sorted(tags)))
        break
else:
    sys.exit('no member with PostScript name %s in %s' % (want, path))
PY
)
  read -r index features <<<"$info"

  local unicodes
  case $coverage in
    all) unicodes='*' ;;
    gb18030) unicodes=$GB18030_UNICODES ;;
    *) die "unknown coverage '$coverage' for $out" ;;
  esac

  local args=(
    "--unicodes=$unicodes"
    "--layout-features=$features"
    "--name-IDs=*" "--name-languages=*" --name-legacy
    --glyph-names
    --notdef-glyph --notdef-outline
    # Keep BASE (ideographic em-box / baseline data used for CJK alignment).
    # pyftsubset drops it by default; it has no glyph references here, so it
    # is passed through unchanged.
    "--drop-tables-=BASE" "--no-subset-tables+=BASE"
  )
  if [[ $index -ge 0 ]]; then args+=("--font-number=$index"); fi

  local tmp="$OUT/.$out.tmp" log="$OUT/.$out.log"
  if ! "$PYTHON" -m fontTools.subset "$src" "${args[@]}" "--output-file=$tmp" >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$tmp" "$log"
    die "pyftsubset failed for $out"
  fi
  mv -f "$tmp" "$OUT/$out"
  rm -f "$log"
  printf '  %-28s from %s member %s, %s coverage, %ds\n' \
    "$out" "$src" "$index" "$coverage" $((SECONDS - start))
}

# --- verification ------------------------------------------------------------
verify() {
  local specs
  specs=$(printf '%s\n' "${SPECS[@]}")
  SPECS_TEXT=$specs MAX_TOTAL_BYTES=$MAX_TOTAL_BYTES "$PYTHON" - <<'PY'
import hashlib, os, sys
from fontTools.ttLib import TTFont, TTCollection
from fontTools.subset import parse_unicodes

out_dir = os.environ['OUT']
gb = set(parse_unicodes(os.environ['GB18030_UNICODES'].replace(',', ' ')))
sample = '红岩周刊产业链党建赋能“”——……。，（）ABC123%'
errors = []
total = 0

def source_member(path, want):
    if path.lower().endswith(('.ttc', '.otc')):
        fonts = TTCollection(path, lazy=True).fonts
    else:
        fonts = [TTFont(path, lazy=True)]
    for f in fonts:
        if f['name'].getDebugName(6) == want:
            return f
    raise SystemExit('no member with PostScript name %s in %s' % (want, path))

def features(f, tag):
    if tag not in f or not f[tag].table.FeatureList:
        return []
    return sorted({r.FeatureTag for r in f[tag].table.FeatureList.FeatureRecord})

for line in os.environ['SPECS_TEXT'].splitlines():
    out, src, psname, coverage = line.split('|')
    path = os.path.join(out_dir, out)
    if not os.path.exists(path):
        errors.append('%s: missing' % out)
        continue
    size = os.path.getsize(path)
    total += size
    f = TTFont(path, lazy=True)
    cmap = f.getBestCmap()
    ps = f['name'].getDebugName(6)
    gsub, gpos = features(f, 'GSUB'), features(f, 'GPOS')
    sha = hashlib.sha256(open(path, 'rb').read()).hexdigest()
    print('%s\n  size %d bytes (%.2f MB)  glyphs %d  cmap %d  PostScript %s\n'
          '  GSUB %s\n  GPOS %s\n  tables %s\n  sha256 %s'
          % (out, size, size / 1e6, f['maxp'].numGlyphs, len(cmap), ps,
             ' '.join(gsub) or '-', ' '.join(gpos) or '-',
             ' '.join(sorted(t.strip() for t in f.keys() if t != 'GlyphOrder')), sha))
    if coverage == 'copy':
        same = open(src, 'rb').read() == open(path, 'rb').read()
        print('  byte-identical to %s: %s' % (src, 'yes' if same else 'NO'))
        if not same:
            errors.append('%s: not byte-identical to %s' % (out, src))
    if ps != psname:
        errors.append('%s: PostScript name %r, expected %r' % (out, ps, psname))
    missing = [c for c in sample if ord(c) not in cmap]
    if missing:
        errors.append('%s: sample characters missing: %s' % (out, ''.join(missing)))
    if 'locl' in gsub or 'locl' in gpos:
        errors.append('%s: locl still present' % out)
    if 'BASE' not in f:
        errors.append('%s: BASE table missing' % out)
    # Compare coverage with the source font.
    srccmap = set(source_member(src, psname).getBestCmap())
    want = srccmap if coverage in ('all', 'copy') else srccmap & gb
    if set(cmap) != want:
        errors.append('%s: cmap has %d code points, expected %d' % (out, len(cmap), len(want)))
    if coverage == 'all':
        if 0x20164 not in cmap:
            errors.append('%s: U+20164 missing' % out)
        supp = sum(1 for u in cmap if u > 0xFFFF)
        print('  supplementary-plane code points %d; U+20164 %s -> %s'
              % (supp, 'present' if 0x20164 in cmap else 'MISSING', cmap.get(0x20164)))

print('total %d bytes (%.2f MB), budget %d bytes' % (total, total / 1e6, int(os.environ['MAX_TOTAL_BYTES'])))
if total > int(os.environ['MAX_TOTAL_BYTES']):
    errors.append('total size %d bytes is over the budget' % total)
if errors:
    print('\n'.join('FAIL ' + e for e in errors), file=sys.stderr)
    sys.exit(1)
print('verify: all checks passed')
PY
}

# --- licences ----------------------------------------------------------------
# Debian ships no separate OFL.txt for these packages, only the machine-readable
# copyright file, which contains the full OFL text. Copy those verbatim, and
# also write a plain-text OFL file per font family, headed by the copyright
# notice stored in each bundled font (name ID 0).
copy_licences() {
  local dir="$OUT/LICENSES"
  mkdir -p "$dir"
  cp /usr/share/doc/fonts-noto-cjk/copyright "$dir/fonts-noto-cjk.debian-copyright.txt"
  cp /usr/share/doc/fonts-noto-cjk-extra/copyright "$dir/fonts-noto-cjk-extra.debian-copyright.txt"
  cp /usr/share/doc/fonts-lxgw-wenkai/copyright "$dir/fonts-lxgw-wenkai.debian-copyright.txt"
  write_ofl /usr/share/doc/fonts-noto-cjk/copyright SIL-1.1 "$dir/NotoCJK-OFL-1.1.txt" \
    'Serif Black and Sans Medium come from fonts-noto-cjk-extra, whose copyright file is identical.' \
    NotoSerifCJKsc-Regular.otf NotoSerifCJKsc-Bold.otf NotoSerifCJKsc-Black.otf \
    NotoSansCJKsc-Medium.otf NotoSansCJKsc-Bold.otf
  write_ofl /usr/share/doc/fonts-lxgw-wenkai/copyright OFL-1.1 "$dir/LXGWWenKai-OFL-1.1.txt" \
    $'Reserved Font Names (per the Debian copyright file): "霞鹜" and "LXGW".\nLXGWWenKai-Regular.ttf is the file installed by the Debian package, unmodified.' \
    LXGWWenKai-Regular.ttf
}

# write_ofl COPYRIGHT-FILE LICENSE-NAME OUTPUT NOTE FONT...: a header with the
# fonts' own copyright notices, then the stand-alone "License: NAME" paragraph
# of a DEP-5 copyright file as plain text.
write_ofl() {
  local src=$1 name=$2 dest=$3 note=$4
  shift 4
  {
    echo "This licence applies to the following files in fonts/:"
    "$PYTHON" - "$OUT" "$@" <<'PY'
import os, sys
from fontTools.ttLib import TTFont
for f in sys.argv[2:]:
    notice = TTFont(os.path.join(sys.argv[1], f), lazy=True)['name'].getDebugName(0)
    print('  %s: %s' % (f, notice.replace('\n', '\n    ')))
PY
    if [[ -n $note ]]; then echo "$note"; fi
    local pkg
    pkg=$(basename "$(dirname "$src")")
    echo "Licence text below taken from $src (copied in full as $pkg.debian-copyright.txt)."
    echo
    awk -v name="$name" '
      !on && prev == "" && $0 == "License: " name { on = 1; next }
      { prev = $0 }
      on && !/^ / { exit }
      on && $0 == " ." { blank++; next }
      on { while (blank > 0) { print ""; blank-- } sub(/^ /, ""); print }
    ' "$src"
  } >"$dest"
  grep -q 'SIL OPEN FONT LICENSE' "$dest" || die "could not extract the OFL text from $src"
}

# --- main --------------------------------------------------------------------
case ${1:-} in
  --one) build_one "$2"; exit ;;
  --verify) verify; exit ;;
  "") ;;
  *) die "usage: $0 [--verify]" ;;
esac

for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
    die "Debian package $p is not installed; run: apt-get install ${PACKAGES[*]}"
done
"$PYTHON" -c 'import fontTools' 2>/dev/null ||
  die "$PYTHON cannot import fontTools; set PYTHON to the interpreter of python3-fonttools"

mkdir -p "$OUT"
echo "Source packages:"
dpkg-query -W -f='  ${Package} ${Version}\n' "${PACKAGES[@]}"
echo "Building ${#SPECS[@]} faces, $JOBS at a time:"
started=$SECONDS
printf '%s\n' "${SPECS[@]}" | xargs -d '\n' -n 1 -P "$JOBS" bash "$SELF" --one ||
  die "at least one face failed"
echo "Building took $((SECONDS - started)) s."
copy_licences
verify
