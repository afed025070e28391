#!/usr/bin/env bash
# Binary cost of each candidate crate: a minimal program that extracts a PDF's text with it,
# built in release and stripped, against a baseline that only reads the file.
#     bash bench/pdf-text/sizes.sh
set -euo pipefail
cd "$(dirname "$0")"
cargo build -q --release --examples
stripped() { strip -o "$1.stripped" "$1" && wc -c <"$1.stripped"; }
base=$(stripped target/release/examples/size_baseline)
for example in size_lopdf size_pdf_extract size_pdf_oxide; do
  size=$(stripped "target/release/examples/$example")
  printf '%-18s %6d KiB stripped (+%d KiB over the baseline)\n' "${example#size_}" \
    $((size / 1024)) $(((size - base) / 1024))
done
