#!/bin/sh
# Builds the text corpus of experiments/mixing.yaml: the first 1,000,000 bytes of the prose
# documentation installed under /usr/share/doc (README, NEWS, *.md, *.txt, *.rst files,
# gzipped or not), in byte order of their paths. The text itself is not in the repository; the
# same Debian packages give the same bytes (the script prints their SHA-256 to compare).
# Usage: sh experiments/data/text-corpus.sh [OUT] (default: experiments/data/corpus.txt)
set -eu
out=${1:-"$(dirname "$0")/corpus.txt"}
tmp="$out.part"
find /usr/share/doc -type f \( -name 'README*' -o -name 'NEWS*' -o -name '*.md' -o -name '*.md.gz' \
    -o -name '*.txt' -o -name '*.txt.gz' -o -name '*.rst' -o -name '*.rst.gz' \) |
    LC_ALL=C sort |
    while read -r f; do
        case "$f" in
        *.gz) gzip -dc "$f" ;;
        *) cat "$f" ;;
        esac
    done | head -c 1000000 >"$tmp"
size=$(wc -c <"$tmp")
if [ "$size" -lt 1000000 ]; then
    rm -f "$tmp"
    echo "text-corpus.sh: only $size bytes of documentation under /usr/share/doc (need 1000000)" >&2
    exit 1
fi
mv "$tmp" "$out"
echo "wrote $out: $size bytes, sha256 $(sha256sum "$out" | cut -d' ' -f1)"
