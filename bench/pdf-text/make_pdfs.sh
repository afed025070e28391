#!/usr/bin/env bash
# Prints every example to PDF the ways a government office's PDFs are made, for the PDF text
# measurement (bench/pdf-text, docs/import.md "PDF"). Each example is rendered by `nianbao
# render` (A4, the report's own CSS), its fonts forced to one of the CJK faces Debian ships that
# stand in for an office's: AR PL UMing (a TrueType 宋体 like SimSun), Noto Serif CJK SC (an
# OpenType/CFF 宋体, as 方正 and Adobe faces are), AR PL UKai (楷体), WenQuanYi Micro Hei (黑体).
# Each is printed by headless Chromium (a web page saved as PDF) and by LibreOffice from the
# page converted to a Word document (a .docx exported to PDF, as offices publish).
# Writes OUT/<example>--<producer>--<font>.pdf and, beside each, <example>.nianbao's name in
# OUT/sources.tsv. Needs chromium, libreoffice-writer, fonts-noto-cjk, fonts-arphic-uming,
# fonts-arphic-ukai, fonts-wqy-microhei (Debian). Run from the repository root:
#     bash bench/pdf-text/make_pdfs.sh target/pdf-text
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${1:-target/pdf-text}
mkdir -p "$out"
out=$(cd "$out" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cargo build -q -p nianbao
fonts=("AR PL UMing CN" "Noto Serif CJK SC" "AR PL UKai CN" "WenQuanYi Micro Hei")
slug() { tr 'A-Z ' 'a-z-' <<<"$1"; }
families=$(fc-list : family)
for font in "${fonts[@]}"; do
  [[ $families == *"$font"* ]] || { echo "font missing: $font (see the header of $0)" >&2; exit 1; }
done
: >"$out/sources.tsv"
for example in examples/*.nianbao; do
  name=$(basename "$example" .nianbao)
  ./target/debug/nianbao render "$example" -o "$work/$name.html" 2>/dev/null
  for font in "${fonts[@]}"; do
    tag=$(slug "$font")
    page="$work/$name--$tag.html"
    # The report's CSS asks for FangSong/SimSun, absent here: the face replaces them, and is
    # named on each element too, since LibreOffice's HTML import does not inherit it into cells.
    sed -e "s|font-family:[^;}]*|font-family:\"$font\"|g" \
      -e "s|</head>|<style>h1,h2,h3,p,td,th,table,div,span{font-family:\"$font\"}</style></head>|" \
      "$work/$name.html" >"$page"
    chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
      --disable-background-networking --disable-component-update --disable-sync \
      --user-data-dir="$work/profile" --no-pdf-header-footer \
      --print-to-pdf="$out/$name--chromium--$tag.pdf" "file://$page" >/dev/null 2>&1
    # LibreOffice keeps a profile of its own under $work, not in the user's home.
    mkdir -p "$work/lo"
    soffice -env:UserInstallation="file://$work/lo-profile" --headless \
      --infilter="HTML (StarWriter)" --convert-to docx:"MS Word 2007 XML" \
      --outdir "$work/lo" "$page" >/dev/null 2>&1
    soffice -env:UserInstallation="file://$work/lo-profile" --headless \
      --convert-to pdf --outdir "$work/lo" "$work/lo/$name--$tag.docx" >/dev/null 2>&1
    mv "$work/lo/$name--$tag.pdf" "$out/$name--libreoffice--$tag.pdf"
    for producer in chromium libreoffice; do
      printf '%s\t%s\n' "$name--$producer--$tag.pdf" "$example" >>"$out/sources.tsv"
    done
    echo "$name $tag"
  done
done
