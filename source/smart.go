package source

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

const nbsp = '\u00a0'

// smarten gives plain text typographic punctuation: straight quotes become
// curly ones, "---" an em dash, "--" an en dash, a hyphen with a space or
// no-break space on each side an en dash, and "..." an ellipsis. A spaced
// dash is then bound to the word before it (see bindDashes).
func smarten(s string) string {
	if !strings.ContainsAny(s, "'\"-.") {
		return bindDashes(s)
	}
	var sb strings.Builder
	sb.Grow(len(s) + 8)
	prev := rune(0) // last rune written; 0 at the start
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch r {
		case '\'', '"':
			r = curlQuote(r, prev, nextRune(s, i+size))
			if r == '‘' && elision(s[i+size:]) {
				r = '’'
			}
		case '-', '.':
			n := run(s, i, byte(r))
			i += n
			if r == '.' {
				prev = '.'
				for ; n >= 3; n -= 3 {
					sb.WriteRune('…')
					prev = '…'
				}
				if n > 0 {
					sb.WriteString(strings.Repeat(".", n))
					prev = '.'
				}
				continue
			}
			for ; n >= 3; n -= 3 {
				sb.WriteRune('—')
				prev = '—'
			}
			switch {
			case n == 2 || (n == 1 && isSpace(prev) && isSpace(nextRune(s, i))):
				sb.WriteRune('–')
				prev = '–'
			case n == 1:
				sb.WriteByte('-')
				prev = '-'
			}
			// A no-break space after a dash would glue it to both words.
			if (prev == '–' || prev == '—') && nextRune(s, i) == nbsp {
				sb.WriteByte(' ')
				prev = ' '
				i += utf8.RuneLen(nbsp)
			}
			continue
		}
		sb.WriteRune(r)
		prev = r
		i += size
	}
	return bindDashes(sb.String())
}

// run counts the bytes equal to c from s[i].
func run(s string, i int, c byte) int {
	n := 0
	for i+n < len(s) && s[i+n] == c {
		n++
	}
	return n
}

// nextRune returns the rune at s[i], or 0 at the end.
func nextRune(s string, i int) rune {
	if i >= len(s) {
		return 0
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return r
}

func isSpace(r rune) bool { return r == ' ' || r == nbsp || r == '\t' || r == '\n' }

// curlQuote returns the curly form of the straight quote q ('\” or '"')
// found between the runes prev and next (0 means the start or the end of
// the text).
func curlQuote(q, prev, next rune) rune {
	opening := prev == 0 || unicode.IsSpace(prev) || strings.ContainsRune("([{“‘–—-/", prev)
	if q == '"' {
		if opening && next != 0 && !unicode.IsSpace(next) {
			return '“'
		}
		return '”'
	}
	switch {
	case unicode.IsLetter(prev) || unicode.IsDigit(prev):
		return '’' // workers’, 1980s’, don’t
	case unicode.IsDigit(next):
		return '’' // ’80s
	case opening && unicode.IsLetter(next):
		return '‘'
	}
	return '’'
}

// elision reports whether s starts with a word that drops its first letters
// after an apostrophe, such as "tis" in "’tis".
func elision(s string) bool {
	for _, w := range []string{"tis", "twas", "em", "n"} {
		if len(s) >= len(w) && strings.EqualFold(s[:len(w)], w) {
			if r, _ := utf8.DecodeRuneInString(s[len(w):]); !unicode.IsLetter(r) {
				return true
			}
		}
	}
	return false
}

// curlQuotes curls the straight quotes left in s, which follows the rune
// prev (0 at the start of a block).
func curlQuotes(s string, prev rune) string {
	if !strings.ContainsAny(s, "'\"") {
		return s
	}
	var sb strings.Builder
	sb.Grow(len(s) + 8)
	for i, r := range s {
		if r == '\'' || r == '"' {
			r = curlQuote(r, prev, nextRune(s, i+1))
			if r == '‘' && elision(s[i+1:]) {
				r = '’'
			}
		}
		sb.WriteRune(r)
		prev = r
	}
	return sb.String()
}

// bindDashes turns the space before a spaced en or em dash into a no-break
// space, so that the dash never starts a line: "a – b" becomes "a\u00a0– b".
// It looks only at the last bytes of the two dashes, 93 and 94, which in
// most text stand for nothing else (the curly quotes share the dashes'
// first bytes), and copies the text in pieces, once, if it binds any.
func bindDashes(s string) string {
	var sb strings.Builder
	done := 0 // s[:done] is in sb
	next := func(c byte, from int) int {
		if i := strings.IndexByte(s[from:], c); i >= 0 {
			return from + i
		}
		return len(s)
	}
	en, em := next(0x93, 0), next(0x94, 0)
	for {
		d := min(en, em) // the last byte of a dash, perhaps
		if d == len(s) {
			break
		}
		if d == en {
			en = next(0x93, d+1)
		} else {
			em = next(0x94, d+1)
		}
		i := d - 3 // the space before the dash
		if i < 0 || s[i] != ' ' || s[i+1] != 0xe2 || s[i+2] != 0x80 {
			continue
		}
		if after := nextRune(s, d+1); after != 0 && after != ' ' && after != nbsp {
			continue
		}
		if done == 0 {
			sb.Grow(len(s) + 8)
		}
		sb.WriteString(s[done:i])
		sb.WriteRune(nbsp)
		done = i + 1
	}
	if done == 0 {
		return s
	}
	sb.WriteString(s[done:])
	return sb.String()
}
