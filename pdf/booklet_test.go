package pdf

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/quire-books/quire/book"
	"github.com/quire-books/quire/internal/validators"
)

func TestImpose(t *testing.T) {
	for _, c := range []struct {
		n    int
		back bool
		want [][2]int
	}{
		{0, false, nil},
		{1, false, [][2]int{{-1, 0}, {-1, -1}}},
		{4, false, [][2]int{{3, 0}, {1, 2}}},
		{8, false, [][2]int{{7, 0}, {1, 6}, {5, 2}, {3, 4}}},
		{6, false, [][2]int{{-1, 0}, {1, -1}, {5, 2}, {3, 4}}},
		// The back cover (5) and its inside (4) stay last; blanks go
		// before them.
		{6, true, [][2]int{{5, 0}, {1, 4}, {-1, 2}, {3, -1}}},
		{8, true, [][2]int{{7, 0}, {1, 6}, {5, 2}, {3, 4}}},
	} {
		got := impose(c.n, c.back)
		if fmt.Sprint(got) != fmt.Sprint(c.want) {
			t.Errorf("impose(%d, %v) = %v, want %v", c.n, c.back, got, c.want)
		}
	}
	for n := 1; n < 70; n++ {
		for _, back := range []bool{false, true} {
			sides := impose(n, back)
			if len(sides) != (n+3)/4*2 {
				t.Fatalf("n=%d: %d sides", n, len(sides))
			}
			seen := map[int]int{}
			for k, sd := range sides {
				for h, p := range sd {
					seen[p]++
					// Odd pages (even indices) are right-hand pages; books
					// have an even page count.
					if n%2 == 0 && p >= 0 && (p%2 == 0) != (h == 1) {
						t.Errorf("n=%d side %d: page %d on the wrong half", n, k+1, p+1)
					}
				}
			}
			for p := 0; p < n; p++ {
				if seen[p] != 1 {
					t.Errorf("n=%d: page %d appears %d times", n, p+1, seen[p])
				}
			}
			if sides[0][1] != 0 {
				t.Errorf("n=%d: page 1 not on the first side", n)
			}
			if back && n >= 4 && sides[0][0] != n-1 {
				t.Errorf("n=%d: back cover not on the first side", n)
			}
		}
	}
}

// writeBooklet imposes b and saves it in a temporary directory.
func writeBooklet(t *testing.T, b *book.Book, o *Options, bo *BookletOptions) (string, []byte) {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteBooklet(&buf, b, o, bo); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "booklet.pdf")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path, buf.Bytes()
}

// pageCount returns the page count pdfinfo gives.
func pageCount(t *testing.T, path string) int {
	t.Helper()
	m := regexp.MustCompile(`(?m)^Pages:\s+(\d+)`).FindStringSubmatch(validators.Run(t, "pdfinfo", path))
	if m == nil {
		t.Fatal("pdfinfo gives no page count")
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// pageText returns the words pdftotext finds on a page, within the
// rectangle x, y, w, h (points) when w > 0.
func pageText(t *testing.T, path string, page int, x, y, w, h int) []string {
	t.Helper()
	args := []string{"-enc", "UTF-8", "-f", fmt.Sprint(page), "-l", fmt.Sprint(page)}
	if w > 0 {
		args = append(args, "-x", fmt.Sprint(x), "-y", fmt.Sprint(y), "-W", fmt.Sprint(w), "-H", fmt.Sprint(h))
	}
	return words(validators.Run(t, "pdftotext", append(args, path, "-")...))
}

// TestBooklet imposes the pamphlet and checks, half-sheet by half-sheet,
// that each holds the words of the right page of the A5 book.
func TestBooklet(t *testing.T) {
	for i, o := range []*Options{nil, {Cover: true}, {Cover: true, Bleed: 3 * Millimetre, CropMarks: true}} {
		// The third is imposed from a book whose pages have a bleed and
		// crop marks, cut away at the trim.
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			b := pamphlet(t)
			a5, _ := write(t, b, o)
			path, data := writeBooklet(t, b, o, &BookletOptions{Guides: true})
			n := pageCount(t, a5)
			sides := pageCount(t, path)
			if want := (n + 3) / 4 * 2; sides != want {
				t.Fatalf("%d pages make %d sides, want %d", n, sides, want)
			}
			info := validators.Run(t, "pdfinfo", "-box", path)
			for _, want := range []string{"Page size:       841.89 x 595.28 pts", "TrimBox:             1.42     0.00   840.47   595.28"} {
				if !strings.Contains(info, want) {
					t.Errorf("pdfinfo lacks %q:\n%s", want, info)
				}
			}
			validators.QPDFCheck(t, path)
			checkFontsEmbedded(t, path)
			_, again := writeBooklet(t, b, o, &BookletOptions{Guides: true})
			if !bytes.Equal(data, again) {
				t.Error("two builds of the booklet differ")
			}
			if bytes.Contains(data, []byte("/Outlines")) {
				t.Error("the booklet has an outline")
			}

			// The first side: the last page and page 1 (pdftotext may read
			// them in any order: compare the words as sets with counts).
			first := pageText(t, path, 1, 0, 0, 0, 0)
			want := append(pageText(t, a5, n, 0, 0, 0, 0), pageText(t, a5, 1, 0, 0, 0, 0)...)
			slices.Sort(first)
			slices.Sort(want)
			if len(want) < 10 || !slices.Equal(first, want) {
				t.Errorf("side 1 does not hold pages %d and 1:\ngot  %q\nwant %q", n, first, want)
			}
			// Every page's text on the half of the side the imposition
			// puts it on.
			back := o != nil && o.Cover
			for k, sd := range impose(n, back) {
				for h, p := range sd {
					got := pageText(t, path, k+1, 421*h, 0, 421, 596)
					var want []string
					if p >= 0 {
						want = pageText(t, a5, p+1, 0, 0, 0, 0)
					}
					if strings.Join(got, " ") != strings.Join(want, " ") {
						t.Errorf("side %d, half %d: got %q, want page %d: %q", k+1, h+1, got, p+1, want)
					}
				}
			}
		})
	}
}

func checkFontsEmbedded(t *testing.T, path string) {
	t.Helper()
	fonts := validators.Run(t, "pdffonts", path)
	lines := strings.Split(strings.TrimSpace(fonts), "\n")
	if len(lines) < 3 {
		t.Errorf("pdffonts lists no fonts:\n%s", fonts)
	}
	for _, l := range lines[2:] {
		if f := strings.Fields(l); len(f) < 7 || f[len(f)-5] != "yes" {
			t.Errorf("font not embedded: %s", l)
		}
	}
}

// TestBookletLinks checks that the links of the contents lead to the side
// that holds the chapter, at the chapter's height.
func TestBookletLinks(t *testing.T) {
	b := testBook()
	path, data := writeBooklet(t, b, nil, nil)
	d := layoutFor(t, b, nil)
	objects := regexp.MustCompile(`(?m)^page (\d+): (\d+) 0 R`).FindAllStringSubmatch(validators.Run(t, "qpdf", "--show-pages", path), -1)
	sideObject := map[int]string{}
	for _, m := range objects {
		n, _ := strconv.Atoi(m[1])
		sideObject[n] = m[2]
	}
	dests := string(data)
	for _, id := range []string{"features", "figures", "tables"} {
		tg, ok := d.targets[id]
		if !ok {
			t.Fatalf("no target %q", id)
		}
		side := 0
		for k, sd := range impose(len(d.pages), false) {
			if sd[0] == tg.page || sd[1] == tg.page {
				side = k + 1
			}
		}
		y := float64(A4.W - tg.y) // the sheet's height less the anchor's depth
		want := fmt.Sprintf("/Dest [%s 0 R /XYZ 0 %.2f null]", sideObject[side], y)
		if !strings.Contains(dests, want) {
			t.Errorf("no link to %q on side %d: want %s", id, side, want)
		}
	}
}

func TestBookletSheets(t *testing.T) {
	for _, c := range []struct {
		trim  Size
		sheet Size
		want  string
	}{
		{A5, Size{}, "841.89 x 595.28"},
		{Digest, Size{}, "792 x 612"},
		{Royal6x9, Size{}, "864 x 648"},
		{A5, Size{1190.55, 841.89}, "1190.55 x 841.89"}, // A3
	} {
		path, _ := writeBooklet(t, testBook(), &Options{TrimSize: c.trim}, &BookletOptions{Sheet: c.sheet, Guides: true})
		if info := validators.Run(t, "pdfinfo", path); !strings.Contains(info, "Page size:       "+c.want+" pts") {
			t.Errorf("%v on %v: pdfinfo says\n%s", c.trim, c.sheet, info)
		}
		validators.QPDFCheck(t, path)
	}
	err := WriteBooklet(&bytes.Buffer{}, testBook(), nil, &BookletOptions{Sheet: A4})
	if err == nil || !strings.Contains(err.Error(), "pdf: booklet sheet") {
		t.Errorf("A5 pages on portrait A4: got %v", err)
	}
	if err := WriteBooklet(&bytes.Buffer{}, &book.Book{}, nil, nil); err == nil {
		t.Error("invalid book: no error")
	}
}

func BenchmarkWriteBooklet(b *testing.B) {
	bk := pamphlet(b)
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := WriteBooklet(&buf, bk, nil, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len()), "bytes")
}

// TestOddBooklets imposes the odd books, with covers, and checks each
// booklet's side count.
func TestOddBooklets(t *testing.T) {
	for name, b := range oddBooks() {
		if err := b.Validate(); err != nil {
			continue
		}
		t.Run(name, func(t *testing.T) {
			o := &Options{Cover: true, ReplaceMissing: true}
			d := layoutFor(t, b, o)
			var buf bytes.Buffer
			if err := WriteBooklet(&buf, b, o, &BookletOptions{Guides: true}); err != nil {
				t.Fatal(err)
			}
			if got, want := bytes.Count(buf.Bytes(), []byte("/Type /Page\n")), (len(d.pages)+3)/4*2; got != want {
				t.Errorf("%d sides for %d pages, want %d", got, len(d.pages), want)
			}
			validators.QPDFCheck(t, saveBytes(t, buf.Bytes()))
		})
	}
}

// TestCoverText checks the generated cover's odd metadata: a character
// the font lacks is an error naming the cover, or a '?' with
// ReplaceMissing; a very long title still fits the page.
func TestCoverText(t *testing.T) {
	b := testBook()
	b.Meta.Publisher = "Press 😀"
	err := Write(&bytes.Buffer{}, b, &Options{Cover: true})
	var ge *GlyphError
	if !errors.As(err, &ge) || ge.Rune != '😀' {
		t.Errorf("emoji on the cover: got %v", err)
	}
	b.Meta.Publisher = "Press"
	b.Meta.Title = strings.Repeat("Interminable ", 40) + "Title"
	d := layoutFor(t, b, &Options{Cover: true})
	art := d.pages[0].art
	if art == nil || len(art.ops) == 0 {
		t.Fatal("no cover art")
	}
	for _, o := range art.ops {
		w := Length(0)
		if o.kind == opText {
			w = d.width(int(o.ref), o.text)
		} else {
			w = d.area(o).w
		}
		if o.x < 0 || o.x+w > A5.W || o.y < 0 || o.y > A5.H {
			t.Errorf("cover item %q at (%.0f, %.0f), %.0f wide, off the page", o.text, o.x, o.y, w)
		}
	}
}
