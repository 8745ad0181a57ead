package epub

import (
	"encoding/xml"
	"slices"
	"strings"
	"testing"
)

// opfOf writes a package document as go-epub does (through encoding/xml)
// with the given manifest hrefs and spine idrefs.
func opfOf(t *testing.T, hrefs, idrefs []string) string {
	t.Helper()
	type item struct {
		ID   string `xml:"id,attr"`
		Href string `xml:"href,attr"`
		Type string `xml:"media-type,attr"`
	}
	type itemref struct {
		Idref string `xml:"idref,attr"`
	}
	var pkg struct {
		XMLName  xml.Name  `xml:"http://www.idpf.org/2007/opf package"`
		Title    string    `xml:"metadata>title"`
		Items    []item    `xml:"manifest>item"`
		Itemrefs []itemref `xml:"spine>itemref"`
	}
	pkg.Title = "<item href=\"decoy\"> & <spine>"
	for i, h := range hrefs {
		pkg.Items = append(pkg.Items, item{ID: "id" + string(rune('a'+i)), Href: h, Type: "x/y"})
	}
	for _, r := range idrefs {
		pkg.Itemrefs = append(pkg.Itemrefs, itemref{r})
	}
	out, err := xml.MarshalIndent(pkg, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return xml.Header + string(out)
}

func TestCheckManifest(t *testing.T) {
	// go-epub makes the first document's shell only.
	p := &plan{
		docs:   []doc{{file: "a&b.xhtml"}, {file: "c.xhtml"}},
		fonts:  []*media{{name: "f.ttf"}},
		images: []*media{{name: "i \"1\".png"}},
	}
	hrefs := []string{navName, ncxName, "css/" + cssName, "fonts/f.ttf", "images/i \"1\".png", xhtmlDir + "a&b.xhtml"}
	spine := []string{"a&b.xhtml"}
	good := opfOf(t, hrefs, spine)
	if err := p.checkManifest([]byte(good)); err != nil {
		t.Errorf("go-epub's document as encoding/xml writes it: %v\n%s", err, good)
	}
	// The scan reads what encoding/xml reads.
	var pkg struct {
		Items []struct {
			Href string `xml:"href,attr"`
		} `xml:"manifest>item"`
	}
	if err := xml.Unmarshal([]byte(good), &pkg); err != nil {
		t.Fatal(err)
	}
	got, err := attrs([]byte(good), "manifest", "item", "href")
	if err != nil || len(got) != len(pkg.Items) {
		t.Fatalf("attrs: %q, %v", got, err)
	}
	for i, it := range pkg.Items {
		if got[i] != it.Href {
			t.Errorf("href %d: %q, encoding/xml reads %q", i, got[i], it.Href)
		}
	}

	for _, c := range []struct {
		name, opf, err string
	}{
		{"item missing", opfOf(t, hrefs[1:], spine), "manifest"},
		{"item extra", opfOf(t, append(slices.Clone(hrefs), "x.png"), spine), "manifest"},
		{"every document", opfOf(t, append(slices.Clone(hrefs), xhtmlDir+"c.xhtml"), spine), "manifest"},
		{"item renamed", opfOf(t, append(slices.Clone(hrefs[:5]), xhtmlDir+"a.xhtml"), spine), "manifest"},
		{"spine long", opfOf(t, hrefs, []string{"a&b.xhtml", "c.xhtml"}), "spine is [a&b.xhtml c.xhtml], want [a&b.xhtml]"},
		{"spine other", opfOf(t, hrefs, []string{"c.xhtml"}), "spine is [c.xhtml]"},
		{"spine empty", opfOf(t, hrefs, nil), "spine is []"},
		{"no manifest", strings.Replace(good, "manifest", "manifesto", -1), "no manifest element"},
		{"manifest not closed", strings.Replace(good, "</manifest>", "", 1), "manifest element not closed"},
		{"no spine", strings.Replace(good, "spine", "spines", -1), "no spine element"},
		{"item without href", strings.Replace(good, ` href="nav.xhtml"`, ``, 1), "item element without href"},
		{"href not closed", good[:strings.Index(good, `href="toc`)+8], "not closed"},
		{"empty", "", "no manifest element"},
	} {
		err := p.checkManifest([]byte(c.opf))
		if err == nil || !strings.Contains(err.Error(), c.err) || !strings.HasPrefix(err.Error(), "epub: ") {
			t.Errorf("%s: error %v, want one with %q", c.name, err, c.err)
		}
	}
}
