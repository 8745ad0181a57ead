package book

import (
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Slug turns a title into an ID: lower-case ASCII letters and digits joined
// by single hyphens, accents dropped ("Peace, bread and land" gives
// "peace-bread-and-land", "Économie" gives "economie"). A title with no
// ASCII letter or digit gives fallback.
func Slug(title, fallback string) string {
	var sb strings.Builder
	hyphen := false
	for _, r := range norm.NFD.String(title) {
		switch {
		case r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if hyphen && sb.Len() > 0 {
				sb.WriteByte('-')
			}
			hyphen = false
			sb.WriteRune(unicode.ToLower(r))
		case unicode.Is(unicode.Mn, r) || r == '\'' || r == '\u2019':
			// accents and apostrophes vanish: "workers'" → "workers"
		default:
			hyphen = true
		}
	}
	s := sb.String()
	if s == "" {
		return fallback
	}
	if !isLetter(s[0]) {
		s = fallback + "-" + s
	}
	return s
}

// Slugs hands out IDs unique within one book: the second "notes" becomes
// "notes-2", and so on.
type Slugs struct {
	used map[string]bool
	next map[string]int // the suffix to try next for a base, so that n copies take linear time
}

// Reserve marks id as taken.
func (s *Slugs) Reserve(id string) {
	if s.used == nil {
		s.used = map[string]bool{}
	}
	s.used[id] = true
}

// Make returns Slug(title, fallback), made unique with a numeric suffix.
func (s *Slugs) Make(title, fallback string) string {
	base := Slug(title, fallback)
	id := base
	n := max(s.next[base], 2)
	for ; s.used[id]; n++ {
		id = base + "-" + strconv.Itoa(n)
	}
	if id != base {
		if s.next == nil {
			s.next = map[string]int{}
		}
		s.next[base] = n
	}
	s.Reserve(id)
	return id
}
