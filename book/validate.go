package book

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/quire-books/quire/internal/ascii"
)

// Kinds of problems Validate reports; test for them with errors.Is.
var (
	ErrNoTitle          = errors.New("book has no title")
	ErrNoChapters       = errors.New("book has no chapters")
	ErrBadLanguage      = errors.New("invalid BCP 47 language tag")
	ErrBadID            = errors.New("invalid ID")
	ErrDuplicateID      = errors.New("duplicate ID")
	ErrMissingFootnote  = errors.New("footnote reference without a definition")
	ErrUnusedFootnote   = errors.New("footnote never referred to")
	ErrMisplacedNote    = errors.New("footnote not at a chapter's top level")
	ErrBadHeading       = errors.New("heading level out of range")
	ErrBadTable         = errors.New("table rows of unequal width")
	ErrBadResource      = errors.New("invalid resource")
	ErrBadText          = errors.New("invalid text")
	ErrTooDeep          = errors.New("nesting too deep")
	ErrBadLink          = errors.New("invalid link")
	ErrBadDate          = errors.New("invalid date")
	ErrBadContributor   = errors.New("invalid contributor")
	ErrEmptyListOrTable = errors.New("list or table without items")
)

// MaxDepth is the deepest nesting of quotes, lists, footnotes and inline
// markup that Validate accepts. Readers flatten deeper input to it.
const MaxDepth = 64

// Problem is one thing wrong with a book.
type Problem struct {
	// Where names the place, e.g. `chapter 3 "peace", block 5`.
	Where string
	// Err is one of the Err… values above, possibly wrapped with detail.
	Err error
}

func (p *Problem) Error() string {
	if p.Where == "" {
		return p.Err.Error()
	}
	return p.Where + ": " + p.Err.Error()
}

func (p *Problem) Unwrap() error { return p.Err }

// ValidationError lists every problem Validate found.
type ValidationError struct {
	Problems []*Problem
}

func (e *ValidationError) Error() string {
	var sb strings.Builder
	sb.WriteString("book: ")
	if len(e.Problems) == 1 {
		sb.WriteString(e.Problems[0].Error())
		return sb.String()
	}
	fmt.Fprintf(&sb, "%d problems:", len(e.Problems))
	for _, p := range e.Problems {
		sb.WriteString("\n\t")
		sb.WriteString(p.Error())
	}
	return sb.String()
}

// Unwrap returns the problems, so errors.Is and errors.As see each one.
func (e *ValidationError) Unwrap() []error {
	errs := make([]error, len(e.Problems))
	for i, p := range e.Problems {
		errs[i] = p
	}
	return errs
}

// Validate checks the book and reports every problem at once as a
// *ValidationError, or returns nil. Writers call it before writing.
func (b *Book) Validate() error {
	v := &validator{ids: map[string]place{}, notes: map[string]noteInfo{}, names: map[string]*Resource{}}
	v.meta(&b.Meta)
	if len(b.Chapters) == 0 {
		v.add(place{}, ErrNoChapters)
	}
	for i := range b.Chapters {
		v.chapter(i, &b.Chapters[i])
	}
	for _, id := range v.refOrder {
		if n := v.notes[id]; !n.defined {
			v.add(n.refWhere, fmt.Errorf("%w: %q", ErrMissingFootnote, id))
		}
	}
	for _, r := range v.refs {
		if n := v.notes[r.id]; n.defined && r.where.chapter != n.defWhere.chapter {
			v.add(r.where, fmt.Errorf("%w: %q is defined in another chapter", ErrMissingFootnote, r.id))
		}
	}
	for _, id := range v.defOrder {
		if n := v.notes[id]; !n.referred {
			v.add(n.defWhere, fmt.Errorf("%w: %q", ErrUnusedFootnote, id))
		}
	}
	for _, l := range v.links {
		if _, ok := v.ids[l.id]; !ok {
			v.add(l.where, fmt.Errorf("%w: \"#%s\" names no chapter, heading or footnote", ErrBadLink, l.id))
		}
	}
	if len(v.problems) == 0 {
		return nil
	}
	return &ValidationError{Problems: v.problems}
}

type noteInfo struct {
	defined, referred  bool
	defWhere, refWhere place // the definition, the first reference
}

type validator struct {
	problems []*Problem
	ids      map[string]place // ID → where first used
	notes    map[string]noteInfo
	refOrder []string
	defOrder []string
	names    map[string]*Resource
	links    []noteRef // internal links, checked at the end
	refs     []noteRef // every footnote reference, checked at the end
}

// noteRef is a footnote reference, or an internal link, and where it is.
type noteRef struct {
	id    string
	where place
}

// place is where something is, as Problem.Where names it. It becomes text
// only for a problem: Validate runs at every write, and most places have
// none. Places in the metadata are their text, in rest.
type place struct {
	chapter int    // 1-based; 0 for the metadata
	id      string // the chapter's ID
	block   int    // 1-based; 0 for the chapter itself
	rest    string // what follows: ": title", ", footnote block 2", …
}

func (p place) String() string {
	if p.chapter == 0 {
		return p.rest
	}
	s := "chapter " + strconv.Itoa(p.chapter)
	if p.id != "" {
		s += " " + strconv.Quote(p.id)
	}
	if p.block > 0 {
		s += ", block " + strconv.Itoa(p.block)
	}
	return s + p.rest
}

// in returns the place of something inside p: rest is appended to p's.
func (p place) in(rest string) place {
	p.rest += rest
	return p
}

// metadata returns the place named where in the metadata.
func metadata(where string) place { return place{rest: where} }

func (v *validator) add(where place, err error) {
	v.problems = append(v.problems, &Problem{Where: where.String(), Err: err})
}

func (v *validator) meta(m *Meta) {
	if strings.TrimSpace(m.Title) == "" {
		v.add(metadata("metadata"), ErrNoTitle)
	}
	if !ValidLanguageTag(m.Language) {
		v.add(metadata("metadata"), fmt.Errorf("%w: %q", ErrBadLanguage, m.Language))
	}
	if err := m.Published.check(); err != nil {
		v.add(metadata("metadata: published"), fmt.Errorf("%w: %v", ErrBadDate, err))
	}
	if y := m.Modified.Year(); !m.Modified.IsZero() && (y < 1 || y > 9999) {
		v.add(metadata("metadata: modified"), fmt.Errorf("%w: year %d out of range", ErrBadDate, y))
	}
	for i, c := range m.Contributors {
		where := metadata(fmt.Sprintf("metadata: contributor %d", i+1))
		if strings.TrimSpace(c.Name) == "" {
			v.add(where, fmt.Errorf("%w: no name", ErrBadContributor))
		}
		if code := c.Role.Code(); len(code) != 3 || !isLower(code) {
			v.add(where, fmt.Errorf("%w: role %q is not a MARC relator code", ErrBadContributor, c.Role))
		}
	}
	for _, s := range []struct{ name, text string }{
		{"title", m.Title}, {"subtitle", m.Subtitle}, {"publisher", m.Publisher},
		{"identifier", m.Identifier}, {"rights", m.Rights}, {"description", m.Description},
	} {
		v.text(metadata("metadata: "+s.name), s.text)
	}
	for _, c := range m.Contributors {
		v.text(metadata("metadata: contributor"), c.Name+c.FileAs)
	}
	for _, s := range m.Subjects {
		v.text(metadata("metadata: subject"), s)
	}
	if m.Cover != nil {
		v.resource(metadata("metadata: cover"), m.Cover)
	}
}

func (v *validator) id(where place, id string) {
	if !ValidID(id) {
		v.add(where, fmt.Errorf("%w: %q (want a letter, then letters, digits, '-', '_' or '.')", ErrBadID, id))
		return
	}
	if first, ok := v.ids[id]; ok {
		v.add(where, fmt.Errorf("%w: %q, first used at %s", ErrDuplicateID, id, first))
		return
	}
	v.ids[id] = where
}

func (v *validator) chapter(i int, c *Chapter) {
	where := place{chapter: i + 1, id: c.ID}
	v.id(where, c.ID)
	v.text(where.in(": title"), c.Title)
	for j, b := range c.Blocks {
		bw := place{chapter: i + 1, id: c.ID, block: j + 1}
		if f, ok := b.(Footnote); ok {
			v.footnote(bw, f)
			continue
		}
		v.block(bw, b, 0)
	}
}

func (v *validator) footnote(where place, f Footnote) {
	if !ValidID(f.ID) {
		v.add(where, fmt.Errorf("%w: footnote %q", ErrBadID, f.ID))
	} else if n, ok := v.notes[f.ID]; ok && n.defined {
		v.add(where, fmt.Errorf("%w: footnote %q, first defined at %s", ErrDuplicateID, f.ID, n.defWhere))
	} else {
		// A clash with a chapter or heading is reported, but the note still
		// counts as defined, so its references don't add a second problem.
		if first, ok := v.ids[f.ID]; ok {
			v.add(where, fmt.Errorf("%w: footnote %q, first used at %s", ErrDuplicateID, f.ID, first))
		} else {
			v.ids[f.ID] = where
		}
		n.defined, n.defWhere = true, where
		v.notes[f.ID] = n
		v.defOrder = append(v.defOrder, f.ID)
	}
	for k, b := range f.Blocks {
		v.block(where.in(", footnote block "+strconv.Itoa(k+1)), b, 1)
	}
}

func (v *validator) block(where place, b Block, depth int) {
	if depth > MaxDepth {
		v.add(where, ErrTooDeep)
		return
	}
	switch b := b.(type) {
	case Paragraph:
		v.inlines(where, b, depth)
	case Heading:
		if b.Level < 2 || b.Level > 6 {
			v.add(where, fmt.Errorf("%w: level %d (want 2 to 6)", ErrBadHeading, b.Level))
		}
		if b.ID != "" {
			v.id(where, b.ID)
		}
		v.inlines(where, b.Content, depth)
	case Quote:
		for k, c := range b {
			v.block(where.in(", quote block "+strconv.Itoa(k+1)), c, depth+1)
		}
	case List:
		if len(b.Items) == 0 {
			v.add(where, ErrEmptyListOrTable)
		}
		if b.Start < 0 {
			v.add(where, fmt.Errorf("%w: list starts at %d", ErrBadText, b.Start))
		}
		for k, item := range b.Items {
			for l, c := range item {
				v.block(where.in(", item "+strconv.Itoa(k+1)+" block "+strconv.Itoa(l+1)), c, depth+1)
			}
		}
	case CodeBlock:
		v.rawText(where, b.Text, true)
		v.text(where, b.Language)
	case SceneBreak:
	case Figure:
		v.resource(where, &b.Image)
		v.text(where, b.Alt)
		v.inlines(where, b.Caption, depth)
	case Table:
		width := len(b.Header)
		if width == 0 && len(b.Rows) > 0 {
			width = len(b.Rows[0])
		}
		if width == 0 {
			v.add(where, ErrEmptyListOrTable)
		}
		if len(b.Align) > width {
			v.add(where, fmt.Errorf("%w: %d alignments for %d columns", ErrBadTable, len(b.Align), width))
		}
		for _, c := range b.Header {
			v.inlines(where, c, depth)
		}
		for k, row := range b.Rows {
			if len(row) != width {
				v.add(where.in(fmt.Sprintf(", row %d", k+1)), fmt.Errorf("%w: %d cells, want %d", ErrBadTable, len(row), width))
			}
			for _, c := range row {
				v.inlines(where, c, depth)
			}
		}
	case Footnote:
		v.add(where, fmt.Errorf("%w: %q", ErrMisplacedNote, b.ID))
	case nil:
		v.add(where, fmt.Errorf("%w: nil block", ErrBadText))
	}
}

func (v *validator) inlines(where place, in []Inline, depth int) {
	if depth > MaxDepth {
		v.add(where, ErrTooDeep)
		return
	}
	for _, x := range in {
		switch x := x.(type) {
		case Text:
			v.text(where, string(x))
		case Code:
			v.text(where, string(x))
		case Emphasis:
			v.inlines(where, x, depth+1)
		case Strong:
			v.inlines(where, x, depth+1)
		case Link:
			if !SafeURL(x.URL) {
				v.add(where, fmt.Errorf("%w: %q (want http, https, mailto or #id)", ErrBadLink, x.URL))
			} else if id, ok := strings.CutPrefix(x.URL, "#"); ok {
				v.links = append(v.links, noteRef{id, where})
			}
			v.text(where, x.Title)
			v.inlines(where, x.Content, depth+1)
		case Image:
			v.resource(where, &x.Image)
			v.text(where, x.Alt)
		case FootnoteRef:
			v.refs = append(v.refs, noteRef{x.ID, where})
			n := v.notes[x.ID]
			if !n.referred {
				n.referred, n.refWhere = true, where
				v.notes[x.ID] = n
				v.refOrder = append(v.refOrder, x.ID)
			}
		case LineBreak:
		case nil:
			v.add(where, fmt.Errorf("%w: nil inline", ErrBadText))
		}
	}
}

// text reports invalid UTF-8 and control characters other than tab.
func (v *validator) text(where place, s string) { v.rawText(where, s, false) }

func (v *validator) rawText(where place, s string, newlines bool) {
	for i := 0; i < len(s); {
		// Most text is printable ASCII: only the rest is decoded, and
		// that is checked eight bytes at a time.
		for ; i+8 <= len(s) && ascii.Printable8(s[i:]); i += 8 {
		}
		if i == len(s) {
			break
		}
		if c := s[i]; c >= 0x20 && c < 0x7f {
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			v.add(where, fmt.Errorf("%w: invalid UTF-8 at byte %d", ErrBadText, i))
			return
		case r == '\t' || (newlines && r == '\n'):
		case unicode.IsControl(r) || r == 0xFFFE || r == 0xFFFF:
			v.add(where, fmt.Errorf("%w: control character %U at byte %d", ErrBadText, r, i))
			return
		}
		i += n
	}
}

var imageTypes = map[string]bool{"image/png": true, "image/jpeg": true, "image/gif": true, "image/svg+xml": true}

func (v *validator) resource(where place, r *Resource) {
	switch {
	case r.Name == "" || strings.HasPrefix(r.Name, "/") || strings.Contains(r.Name, "..") || strings.ContainsAny(r.Name, "\\:*?\"<>|#%") || !utf8.ValidString(r.Name):
		v.add(where, fmt.Errorf("%w: name %q (want a relative path without '..')", ErrBadResource, r.Name))
	case !imageTypes[r.MediaType]:
		v.add(where, fmt.Errorf("%w: %q has media type %q (want PNG, JPEG, GIF or SVG)", ErrBadResource, r.Name, r.MediaType))
	case len(r.Data) == 0:
		v.add(where, fmt.Errorf("%w: %q is empty", ErrBadResource, r.Name))
	default:
		if prev, ok := v.names[r.Name]; ok && (prev.MediaType != r.MediaType || string(prev.Data) != string(r.Data)) {
			v.add(where, fmt.Errorf("%w: two different files named %q", ErrBadResource, r.Name))
		}
		v.names[r.Name] = r
	}
}

// ValidID reports whether id can serve as a chapter, heading or footnote
// ID: an ASCII letter, then ASCII letters, digits, '-', '_' or '.'.
func ValidID(id string) bool {
	if id == "" || !isLetter(id[0]) {
		return false
	}
	for i := 1; i < len(id); i++ {
		c := id[i]
		if !isLetter(c) && !isDigit(c) && c != '-' && c != '_' && c != '.' {
			return false
		}
	}
	return true
}

// SafeURL reports whether a link target is one Quire accepts: an absolute
// http, https or mailto URL, or an internal "#id".
func SafeURL(u string) bool {
	if strings.HasPrefix(u, "#") {
		return ValidID(u[1:])
	}
	lower := strings.ToLower(u)
	for _, scheme := range []string{"http://", "https://", "mailto:"} {
		if strings.HasPrefix(lower, scheme) && len(u) > len(scheme) {
			return !strings.ContainsAny(u, " \t\r\n\"<>\\^`{|}") && utf8.ValidString(u)
		}
	}
	return false
}

func isLetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }
func isDigit(c byte) bool  { return c >= '0' && c <= '9' }

// ValidLanguageTag reports whether tag is a well-formed BCP 47 language tag
// (RFC 5646 §2.1): language, then optional script, region, variants,
// extensions and private use, such as "en", "en-GB", "sr-Latn-RS" or
// "de-CH-1996". It checks form, not registration.
func ValidLanguageTag(tag string) bool {
	if tag == "" {
		return false
	}
	parts := strings.Split(tag, "-")
	for _, p := range parts {
		if p == "" || len(p) > 8 || !alnum(p) {
			return false
		}
	}
	i := 0
	lang := parts[0]
	switch {
	case strings.EqualFold(lang, "x"): // private use only
		return len(parts) > 1
	case len(lang) >= 2 && len(lang) <= 8 && alpha(lang):
		i = 1
	default:
		return false
	}
	// extlang: up to three 3-letter subtags after a 2–3 letter language
	for n := 0; n < 3 && len(lang) <= 3 && i < len(parts) && len(parts[i]) == 3 && alpha(parts[i]); n++ {
		i++
	}
	if i < len(parts) && len(parts[i]) == 4 && alpha(parts[i]) { // script
		i++
	}
	if i < len(parts) && ((len(parts[i]) == 2 && alpha(parts[i])) || (len(parts[i]) == 3 && digits(parts[i]))) { // region
		i++
	}
	for i < len(parts) && ((len(parts[i]) >= 5) || (len(parts[i]) == 4 && isDigit(parts[i][0]))) { // variants
		i++
	}
	for i < len(parts) && len(parts[i]) == 1 { // extensions and private use
		single := strings.ToLower(parts[i])
		i++
		n := 0
		for i < len(parts) && (len(parts[i]) >= 2 || single == "x") {
			i++
			n++
		}
		if n == 0 {
			return false
		}
		if single == "x" {
			break
		}
	}
	return i == len(parts)
}

func alnum(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isLetter(s[i]) && !isDigit(s[i]) {
			return false
		}
	}
	return true
}

func alpha(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isLetter(s[i]) {
			return false
		}
	}
	return true
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}
