package pdf

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/quire-books/quire/internal/validators"
)

// TestContentsAndOutline checks the page numbers of the table of contents
// against the pages the titles are on, and the outline against both.
func TestContentsAndOutline(t *testing.T) {
	b := pamphlet(t)
	path, _ := write(t, b, nil)
	toc := validators.Run(t, "pdftotext", "-enc", "UTF-8", "-layout", "-f", "3", "-l", "3", path, "-")
	entry := regexp.MustCompile(`^\s*(.*?)[ .]*\s(\d+)\s*$`)
	pages := map[string]int{}
	pending := ""
	for _, l := range strings.Split(toc, "\n") {
		l = strings.TrimSpace(l)
		if l == "" || l == "Contents" {
			continue
		}
		m := entry.FindStringSubmatch(l)
		if m == nil {
			pending += l + " "
			continue
		}
		n, _ := strconv.Atoi(m[2])
		pages[strings.Join(strings.Fields(pending+m[1]), " ")] = n
		pending = ""
	}
	titled := 0
	for _, ch := range b.Chapters {
		if ch.Title == "" {
			continue
		}
		titled++
		n, ok := pages[strings.Join(strings.Fields(ch.Title), " ")]
		if !ok {
			t.Errorf("chapter %q not in the contents: %v", ch.Title, pages)
			continue
		}
		text := validators.Run(t, "pdftotext", "-enc", "UTF-8", "-f", fmt.Sprint(n), "-l", fmt.Sprint(n), path, "-")
		if !strings.Contains(strings.Join(words(text), " "), strings.Join(words(ch.Title), " ")) {
			t.Errorf("contents: %q on page %d, which reads %.80q", ch.Title, n, text)
		}
	}
	if titled != 18 || len(pages) != 18 {
		t.Errorf("%d titled chapters, %d contents entries", titled, len(pages))
	}
	outline := validators.Run(t, "mutool", "show", path, "outline")
	item := regexp.MustCompile(`"(.*)"\s+#page=(\d+)`)
	found := 0
	for _, l := range strings.Split(outline, "\n") {
		m := item.FindStringSubmatch(l)
		if m == nil {
			continue
		}
		n, _ := strconv.Atoi(m[2])
		if want, ok := pages[strings.Join(strings.Fields(m[1]), " ")]; ok {
			found++
			if n != want {
				t.Errorf("outline: %q on page %d, contents say %d", m[1], n, want)
			}
		}
	}
	if found != 18 {
		t.Errorf("outline has %d of the 18 chapters:\n%s", found, outline)
	}
}
