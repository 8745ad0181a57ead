#!/bin/sh
# make.sh draws the README's pictures of the pamphlet's two editions: the
# PDF's cover, title page, contents and a chapter's first page, and the same
# chapter of the EPUB as a reading system shows it (its XHTML and the
# EPUB's stylesheet in a headless Chromium, 400 × 620 pixels). Run it from
# anywhere in the repository:
#
#	examples/pamphlet/preview/make.sh
#
# It needs Go, poppler-utils (pdfinfo, pdftotext, pdftoppm), unzip and
# chromium (apt-get install -y poppler-utils unzip chromium). The pictures
# are written in 16 shades of grey (shrink.go) to keep them small.
set -eu
cd "$(dirname "$0")/../../.."
dir=examples/pamphlet/preview
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

SOURCE_DATE_EPOCH='' go run ./examples/pamphlet -out "$tmp"
pdf=$tmp/pamphlet.pdf

# page TEXT prints the number of the first page of the PDF whose first line
# of text is TEXT.
page() {
	pages=$(pdfinfo "$pdf" | awk '/^Pages:/ { print $2 }')
	n=1
	while [ "$n" -le "$pages" ]; do
		if [ "$(pdftotext -f "$n" -l "$n" "$pdf" - | head -n 1)" = "$1" ]; then
			echo "$n"
			return
		fi
		n=$((n + 1))
	done
	echo "make.sh: no page of the PDF starts with \"$1\"" >&2
	exit 1
}

# picture NAME PAGE draws a page of the PDF at 60 dpi.
picture() {
	pdftoppm -r 60 -gray -png -singlefile -f "$2" -l "$2" "$pdf" "$tmp/$1"
	go run "$dir/shrink.go" "$tmp/$1.png" "$dir/$1.png"
}

chapter='Peace, bread and land'
# The cover keeps its colours: a flat ground compresses well anyway.
pdftoppm -r 60 -png -singlefile -f 1 -l 1 "$pdf" "$dir/pdf-cover"
picture pdf-title "$(page 'The 70th anniversary of the')"
picture pdf-contents "$(page Contents)"
picture pdf-chapter "$(page "$chapter")"

unzip -q "$tmp/pamphlet.epub" -d "$tmp/epub"
xhtml=$(grep -l "<h1 class=\"chapter-title\">$chapter</h1>" "$tmp"/epub/EPUB/xhtml/*.xhtml)
chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
	--no-first-run --user-data-dir="$tmp/chromium" --hide-scrollbars \
	--force-device-scale-factor=1 --window-size=400,620 \
	--screenshot="$tmp/epub.png" "file://$xhtml" 2>/dev/null
go run "$dir/shrink.go" "$tmp/epub.png" "$dir/epub-chapter.png"

ls -l "$dir"/*.png
