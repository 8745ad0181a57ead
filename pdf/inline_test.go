package pdf

import "testing"

// clean's quick pass over ASCII text leaves the rest as it was: tabs and
// line ends become spaces, decomposed text is composed, even after a tab.
func TestClean(t *testing.T) {
	doc, err := Typeset(testBook(), nil)
	if err != nil {
		t.Fatal(err)
	}
	d := doc.d
	for _, c := range []struct{ in, want string }{
		{"plain text, (all) ASCII ~", "plain text, (all) ASCII ~"},
		{"a\tb\nc\rd", "a b c d"},
		{"caf\u00e9", "caf\u00e9"},
		{"cafe\u0301", "caf\u00e9"},
		{"x\tcafe\u0301", "x caf\u00e9"},
	} {
		got, err := d.clean(c.in, regular, "test")
		if err != nil || got != c.want {
			t.Errorf("clean(%q) = %q, %v; want %q", c.in, got, err, c.want)
		}
	}
	if _, err := d.clean("a\x01b", regular, "test"); err == nil {
		t.Error("clean of a control character: no error")
	}
}
