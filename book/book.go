package book

import (
	"crypto/sha1"
	"fmt"
	"strings"
	"time"
)

// Book is a whole book: its metadata and its chapters in reading order.
type Book struct {
	Meta     Meta
	Chapters []Chapter
}

// Meta is a book's metadata. Only Title and Language are required.
type Meta struct {
	// Title is the book's main title.
	Title string
	// Subtitle is an optional subtitle.
	Subtitle string
	// Contributors lists the people and organisations who made the book,
	// in the order they should be credited.
	Contributors []Contributor
	// Publisher names the publisher, if any.
	Publisher string
	// Language is the book's main language as a BCP 47 tag, e.g. "en-GB".
	Language string
	// Identifier is a stable unique identifier such as "urn:isbn:…" or
	// "urn:uuid:…". Empty means one derived from the title and authors:
	// see BookID.
	Identifier string
	// Published is the date of first publication; the zero Date means unknown.
	Published Date
	// Modified is the date and time of this edition. The zero value means
	// the start of Published (or of 1970 when that is unknown too): see
	// EditionTime. Writers use it instead of the clock.
	Modified time.Time
	// Rights is a copyright or licence statement.
	Rights string
	// Description is a short blurb.
	Description string
	// Subjects are keywords or subject headings.
	Subjects []string
	// Cover is the cover image; nil means none.
	Cover *Resource
}

// Contributor is a person or organisation credited with a role.
type Contributor struct {
	// Name as displayed, e.g. "Ann Smith".
	Name string
	// FileAs is the name as sorted, e.g. "Smith, Ann"; empty means Name.
	FileAs string
	// Role is what the contributor did; empty means Author.
	Role Role
}

// Role is a contributor's role as a MARC relator code
// (https://id.loc.gov/vocabulary/relators), such as "aut" or "trl".
type Role string

// Common roles. Any other three-letter MARC relator code is a Role too.
const (
	Author      Role = "aut"
	Translator  Role = "trl"
	Editor      Role = "edt"
	Illustrator Role = "ill"
	Foreword    Role = "aui" // author of an introduction or foreword
	Other       Role = "ctb" // contributor, role unspecified
)

var roleNames = []struct {
	role   Role
	name   string // as in "Author"
	phrase string // as in "translated by"
}{
	{Author, "author", "by"},
	{Translator, "translator", "translated by"},
	{Editor, "editor", "edited by"},
	{Illustrator, "illustrator", "illustrated by"},
	{Foreword, "foreword", "foreword by"},
	{Other, "contributor", "with"},
}

// ParseRole turns a role name ("author", "translator", "editor",
// "illustrator", "foreword", "contributor", in any case) or a three-letter
// MARC relator code into a Role.
func ParseRole(s string) (Role, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	for _, r := range roleNames {
		if t == r.name || t == string(r.role) {
			return r.role, nil
		}
	}
	if len(t) == 3 && isLower(t) {
		return Role(t), nil
	}
	return "", fmt.Errorf("book: unknown contributor role %q", s)
}

// Code returns the MARC relator code, "aut" for the empty Role.
func (r Role) Code() string {
	if r == "" {
		return string(Author)
	}
	return string(r)
}

// String returns the role's English name, such as "translator", or its
// code when it has no name here.
func (r Role) String() string {
	for _, n := range roleNames {
		if n.role == Role(r.Code()) {
			return n.name
		}
	}
	return string(r)
}

// Phrase returns the English credit phrase for the role, such as
// "translated by".
func (r Role) Phrase() string {
	for _, n := range roleNames {
		if n.role == Role(r.Code()) {
			return n.phrase
		}
	}
	return "with"
}

func isLower(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 'a' || s[i] > 'z' {
			return false
		}
	}
	return s != ""
}

// ByRole returns the contributors with role r, in order. Author also
// matches contributors whose Role is empty.
func (m *Meta) ByRole(r Role) []Contributor {
	var out []Contributor
	for _, c := range m.Contributors {
		if c.Role.Code() == r.Code() {
			out = append(out, c)
		}
	}
	return out
}

// Authors returns the names of the contributors with role Author.
func (m *Meta) Authors() []string {
	var names []string
	for _, c := range m.ByRole(Author) {
		names = append(names, c.Name)
	}
	return names
}

// quireNamespace is the UUID namespace of identifiers that Quire derives:
// the version-5 UUID of the URL "https://quire-books.github.io/identifier"
// in the RFC 4122 URL namespace, fixed here so identifiers never change.
var quireNamespace = [16]byte{
	0xc5, 0x25, 0xec, 0x6b, 0x0e, 0xf5, 0x5d, 0xef,
	0x80, 0xe7, 0x26, 0x00, 0xd8, 0xec, 0xe6, 0xe5,
}

// BookID returns Identifier or, when it is empty, a "urn:uuid:" identifier
// derived from the title and the authors' names as a version-5 UUID, so the
// same book always gets the same identifier.
func (m *Meta) BookID() string {
	if id := strings.TrimSpace(m.Identifier); id != "" {
		return id
	}
	name := m.Title + "\x00" + strings.Join(m.Authors(), "\x00")
	return "urn:uuid:" + uuid5(quireNamespace, name)
}

// uuid5 is RFC 4122 §4.3 with SHA-1.
func uuid5(ns [16]byte, name string) string {
	h := sha1.New()
	h.Write(ns[:])
	h.Write([]byte(name))
	s := h.Sum(nil)
	s[6] = s[6]&0x0f | 0x50
	s[8] = s[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", s[0:4], s[4:6], s[6:8], s[8:10], s[10:16])
}

// EditionTime returns Modified in UTC or, when it is zero, midnight UTC at
// the start of Published, or 1970-01-01 when both are unknown. Writers use
// it wherever a format wants a timestamp.
func (m *Meta) EditionTime() time.Time {
	if !m.Modified.IsZero() {
		return m.Modified.UTC().Truncate(time.Second)
	}
	if !m.Published.IsZero() {
		return m.Published.Time()
	}
	return time.Unix(0, 0).UTC()
}

// Chapter is a unit of the book that starts on a new page: it has an ID, a
// title and content. Sections inside it are Heading blocks of level 2 and
// below.
type Chapter struct {
	// ID is a stable slug, unique within the book, used for file names
	// and link targets: letters, digits, '-', '_' and '.', starting with a
	// letter.
	ID string
	// Title is the chapter's title as plain text. It may be empty for an
	// untitled opening chapter.
	Title string
	// Blocks is the content in reading order.
	Blocks []Block
}

// Resource is an embedded file such as an image: its bytes and media type.
type Resource struct {
	// Name is a file name for it, unique within the book,
	// e.g. "images/map.png". Writers may use it inside their container.
	Name string
	// MediaType is the IANA media type: one of image/png, image/jpeg,
	// image/gif or image/svg+xml for images.
	MediaType string
	// Data is the file's content.
	Data []byte
}
