package source

import (
	"fmt"
	"io/fs"
	"strings"
	"time"

	"github.com/quire-books/quire/book"
)

// canonicalKey returns the canonical name of a front matter key.
func canonicalKey(k string) (string, bool) {
	switch k {
	case "title", "subtitle", "contributors", "publisher", "date", "modified",
		"identifier", "rights", "description", "cover":
		return k, true
	case "author", "authors", "translator", "translators", "editor", "editors",
		"illustrator", "illustrators":
		return strings.TrimSuffix(k, "s"), true
	case "lang", "language":
		return "lang", true
	case "subjects", "keywords":
		return "subjects", true
	}
	return "", false
}

// roleKey returns the role that a contributor key such as "translator"
// gives.
func roleKey(k string) (book.Role, bool) {
	switch k {
	case "author":
		return book.Author, true
	case "translator":
		return book.Translator, true
	case "editor":
		return book.Editor, true
	case "illustrator":
		return book.Illustrator, true
	}
	return "", false
}

// frontMatter fills m from the fields of the front matter. Text meant for
// display gets typographic punctuation, as the body does.
func frontMatter(name string, fields []yamlField, fsys fs.FS, m *book.Meta) error {
	errf := func(line int, format string, args ...any) error {
		return &Error{File: name, Line: line, Err: fmt.Errorf("%w: "+format, append([]any{ErrFrontMatter}, args...)...)}
	}
	text := func(f yamlField) (string, error) {
		if f.value.kind != yamlScalar {
			return "", errf(f.line, "%s wants text, not a list", f.key)
		}
		return strings.TrimSpace(f.value.text), nil
	}
	// texts accepts one value or a list of them.
	texts := func(f yamlField) ([]*yamlNode, error) {
		switch f.value.kind {
		case yamlScalar:
			if strings.TrimSpace(f.value.text) == "" {
				return nil, nil
			}
			return []*yamlNode{f.value}, nil
		case yamlList:
			return f.value.items, nil
		}
		return nil, errf(f.line, "%s wants text or a list", f.key)
	}

	seen := map[string]yamlField{}
	for _, f := range fields {
		key, ok := canonicalKey(f.key)
		if !ok {
			return errf(f.line, "unknown key %q", f.key)
		}
		if first, ok := seen[key]; ok {
			return errf(f.line, "%s repeats %s (line %d)", f.key, first.key, first.line)
		}
		seen[key] = f

		if role, ok := roleKey(key); ok {
			items, err := texts(f)
			if err != nil {
				return err
			}
			for _, it := range items {
				c, err := contributor(it, role, false, errf)
				if err != nil {
					return err
				}
				m.Contributors = append(m.Contributors, c)
			}
			continue
		}
		switch key {
		case "contributors", "subjects":
			items, err := texts(f)
			if err != nil {
				return err
			}
			for _, it := range items {
				if key == "subjects" {
					if it.kind != yamlScalar {
						return errf(it.line, "a subject is text, not a map")
					}
					if s := strings.TrimSpace(it.text); s != "" {
						m.Subjects = append(m.Subjects, smarten(s))
					}
					continue
				}
				c, err := contributor(it, "", true, errf)
				if err != nil {
					return err
				}
				m.Contributors = append(m.Contributors, c)
			}
			continue
		}

		v, err := text(f)
		if err != nil {
			return err
		}
		switch key {
		case "title":
			m.Title = smarten(v)
		case "subtitle":
			m.Subtitle = smarten(v)
		case "publisher":
			m.Publisher = smarten(v)
		case "rights":
			m.Rights = smarten(v)
		case "description":
			m.Description = smarten(v)
		case "identifier":
			m.Identifier = v
		case "lang":
			if !book.ValidLanguageTag(v) {
				return errf(f.line, "%s %q is not a BCP 47 language tag such as \"en\" or \"en-GB\"", f.key, v)
			}
			m.Language = v
		case "date":
			d, err := book.ParseDate(v)
			if err != nil {
				return errf(f.line, "cannot read the date %q (want YYYY, YYYY-MM, YYYY-MM-DD or a date such as \"November 1987\")", v)
			}
			m.Published = d
		case "modified":
			t, err := parseTime(v)
			if err != nil {
				return errf(f.line, "cannot read the time %q (want YYYY-MM-DD or an RFC 3339 time such as 2026-01-31T12:00:00Z)", v)
			}
			m.Modified = t
		case "cover":
			if v == "" {
				continue
			}
			r, err := loadImage(fsys, v)
			if err != nil {
				return &Error{File: name, Line: f.line, Err: fmt.Errorf("cover: %w", err)}
			}
			m.Cover = &r
		}
	}
	if m.Title == "" {
		return &Error{File: name, Line: 1, Err: fmt.Errorf("%w: %w", ErrFrontMatter, noTitle{})}
	}
	return nil
}

// noTitle is the error for a manuscript without a title; errors.Is finds
// book.ErrNoTitle in it.
type noTitle struct{}

func (noTitle) Error() string {
	return "no title (begin the file with a front matter block: a line \"---\", \"title: …\", and \"---\")"
}

func (noTitle) Is(target error) bool { return target == book.ErrNoTitle }

// contributor reads a name, or a map with name, file-as and (when withRole)
// role.
func contributor(n *yamlNode, role book.Role, withRole bool, errf func(int, string, ...any) error) (book.Contributor, error) {
	c := book.Contributor{Role: role}
	switch n.kind {
	case yamlScalar:
		c.Name = smarten(strings.TrimSpace(n.text))
	case yamlMap:
		for _, f := range n.fields {
			if f.value.kind != yamlScalar {
				return c, errf(f.line, "%s wants text", f.key)
			}
			v := strings.TrimSpace(f.value.text)
			switch {
			case f.key == "name":
				c.Name = smarten(v)
			case f.key == "file-as":
				c.FileAs = smarten(v)
			case f.key == "role" && withRole:
				r, err := book.ParseRole(v)
				if err != nil {
					return c, errf(f.line, "unknown role %q (want author, translator, editor, illustrator, foreword, contributor or a MARC relator code)", v)
				}
				c.Role = r
			default:
				want := "name or file-as"
				if withRole {
					want = "name, file-as or role"
				}
				return c, errf(f.line, "unknown key %q for a contributor (want %s)", f.key, want)
			}
		}
	default:
		return c, errf(n.line, "a contributor is a name or a map with name and role")
	}
	if c.Name == "" {
		return c, errf(n.line, "contributor without a name")
	}
	return c, nil
}

func parseTime(s string) (time.Time, error) {
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t, nil
	}
	return time.Parse(time.RFC3339, s)
}
