#!/usr/bin/env bash
# Rebuilds color/SNAP-TR002-newsprint.icc, the newsprint output profile paiban embeds in
# its PDF/X OutputIntent, from the CGATS/SNAP TR 002 characterization data that Debian
# ships in icc-profiles-free, with ArgyllCMS's colprof (Debian package argyll).
#   apt-get install icc-profiles-free argyll
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp /usr/share/color/icc/TR002.ti3 "$work/TR002.ti3"
# -ql: low-quality (small) tables, enough for converting photos; -kr: black ramp;
# -l240: 240 % total ink, as newspaper plants ask (ISOnewspaper26v4).
(cd "$work" && colprof -ql -kr -l240 -A "paiban" -M "SNAP TR 002 newsprint" \
  -D "Newsprint SNAP TR 002 (paiban, ArgyllCMS colprof)" \
  -C "Made by paiban from CGATS/SNAP TR 002-2007 characterization data" TR002)
mv "$work/TR002.icc" color/SNAP-TR002-newsprint.icc
ls -l color/SNAP-TR002-newsprint.icc
