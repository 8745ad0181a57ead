package typeset

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"
	"unicode"
	"unicode/utf8"

	"star-tex.org/x/tex/kpath"
)

// Liang is a hyphenator using Frank Liang's algorithm (as TeX does):
// patterns of letters with digits between them, and a list of exception
// words. It is safe for concurrent use.
type Liang struct {
	left, right int
	nodes       []trieNode
	edges       []trieEdge
	values      []uint8             // pattern digits, see trieNode.value
	exceptions  map[string][]uint16 // lower-case word -> rune positions of hyphens
}

type trieNode struct {
	first, n int32 // edges[first:first+n] leave this node
	value    int32 // offset in values of depth+1 digits, or -1
}

type trieEdge struct {
	r    rune
	node int32
}

// English returns the Liang hyphenator with the standard TeX US-English
// patterns and exceptions (Knuth's hyphen.tex) and TeX's \lefthyphenmin=2,
// \righthyphenmin=3. It is NewEnglish without the error: the patterns are
// compiled into the program (through the module star-tex.org/x/tex), so an
// error can only mean a broken dependency, which this package's tests
// catch; then the hyphenator hyphenates nothing.
func English() *Liang {
	l, err := NewEnglish()
	if err != nil {
		return &Liang{}
	}
	return l
}

// NewEnglish returns the Liang hyphenator with the standard TeX US-English
// patterns and exceptions, Knuth's hyphen.tex from the TeX tree embedded
// in star-tex.org/x/tex, and TeX's minima (2 letters before a hyphen, 3
// after). Building one takes about a millisecond; callers keep it for as
// long as they need it.
func NewEnglish() (*Liang, error) {
	tex := kpath.New()
	name, err := tex.Find("hyphen.tex")
	if err != nil {
		return nil, fmt.Errorf("typeset: english patterns: %w", err)
	}
	// Not tex.Open: it falls back to the host's file system.
	b, err := fs.ReadFile(tex.FS(), name)
	if err != nil {
		return nil, fmt.Errorf("typeset: english patterns: %w", err)
	}
	return NewLiang(strings.NewReader(string(b)), 2, 3)
}

// NewLiang reads hyphenation patterns from r and returns their hyphenator,
// which leaves at least left letters before a hyphen and right letters
// after it. r is either a TeX file with \patterns{...} and
// \hyphenation{...} groups (as hyphen.tex, % comments allowed) or a plain
// list of patterns separated by white space (hyph-utf8's .pat.txt), in
// which words containing '-' are exceptions (.hyp.txt entries).
func NewLiang(r io.Reader, left, right int) (*Liang, error) {
	l := &Liang{
		left:       max(left, 1),
		right:      max(right, 1),
		nodes:      []trieNode{{value: -1}},
		exceptions: map[string][]uint16{},
	}
	// Build with per-node child lists, then flatten.
	kids := [][]trieEdge{nil}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 1024*1024)
	const (
		plain = iota
		inPatterns
		inExceptions
		inOther
	)
	mode, sawTeX, line := plain, false, 0
	for sc.Scan() {
		line++
		text := sc.Text()
		if i := strings.IndexByte(text, '%'); i >= 0 {
			text = text[:i]
		}
		for _, tok := range strings.Fields(text) {
			for tok != "" {
				switch {
				case strings.HasPrefix(tok, `\patterns{`):
					mode, sawTeX, tok = inPatterns, true, tok[len(`\patterns{`):]
					continue
				case strings.HasPrefix(tok, `\hyphenation{`):
					mode, sawTeX, tok = inExceptions, true, tok[len(`\hyphenation{`):]
					continue
				case strings.HasPrefix(tok, `\`):
					return nil, fmt.Errorf("typeset: patterns line %d: unknown command %q", line, tok)
				case tok[0] == '}':
					if mode == plain {
						return nil, fmt.Errorf("typeset: patterns line %d: unbalanced }", line)
					}
					mode, tok = inOther, tok[1:]
					continue
				}
				word := tok
				rest := ""
				if i := strings.IndexByte(tok, '}'); i >= 0 {
					word, rest = tok[:i], tok[i:]
				}
				var err error
				switch {
				case mode == inExceptions || (mode == plain && strings.ContainsRune(word, '-')):
					err = l.addException(word)
				case mode == inPatterns || mode == plain:
					kids, err = l.addPattern(kids, word)
				default:
					err = errors.New("text outside \\patterns and \\hyphenation")
				}
				if err != nil {
					return nil, fmt.Errorf("typeset: patterns line %d: %q: %w", line, word, err)
				}
				tok = rest
			}
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("typeset: reading patterns: %w", err)
	}
	if sawTeX && mode != inOther {
		return nil, errors.New("typeset: patterns: unclosed group at end")
	}
	if len(l.nodes) == 1 {
		return nil, errors.New("typeset: no hyphenation patterns")
	}
	for i, ks := range kids {
		l.nodes[i].first, l.nodes[i].n = int32(len(l.edges)), int32(len(ks))
		l.edges = append(l.edges, ks...)
	}
	return l, nil
}

// addPattern adds a pattern such as ".ach4" or "a1b2c".
func (l *Liang) addPattern(kids [][]trieEdge, pat string) ([][]trieEdge, error) {
	var digits []uint8
	node, pending := int32(0), uint8(0)
	for _, r := range pat {
		if r >= '0' && r <= '9' {
			pending = uint8(r - '0')
			continue
		}
		if r == '-' || unicode.IsSpace(r) || r == '{' || r == '}' || r == '\\' {
			return kids, errors.New("not a pattern")
		}
		r = unicode.ToLower(r)
		digits = append(digits, pending)
		pending = 0
		next := int32(-1)
		for _, e := range kids[node] {
			if e.r == r {
				next = e.node
				break
			}
		}
		if next < 0 {
			next = int32(len(l.nodes))
			l.nodes = append(l.nodes, trieNode{value: -1})
			kids = append(kids, nil)
			kids[node] = append(kids[node], trieEdge{r, next})
		}
		node = next
	}
	digits = append(digits, pending)
	if node == 0 {
		return kids, errors.New("empty pattern")
	}
	if v := l.nodes[node].value; v >= 0 {
		// A repeated pattern: keep the larger digits.
		for i, d := range digits {
			l.values[int(v)+i] = max(l.values[int(v)+i], d)
		}
		return kids, nil
	}
	l.nodes[node].value = int32(len(l.values))
	l.values = append(l.values, digits...)
	return kids, nil
}

// addException adds an exception word such as "ta-ble".
func (l *Liang) addException(word string) error {
	var b strings.Builder
	var pos []uint16
	n := 0
	for _, r := range word {
		if r == '-' {
			if n == 0 {
				return errors.New("hyphen at start")
			}
			pos = append(pos, uint16(n))
			continue
		}
		b.WriteRune(unicode.ToLower(r))
		n++
	}
	if n == 0 || n > 1<<15 {
		return errors.New("bad exception")
	}
	l.exceptions[b.String()] = pos
	return nil
}

// child returns the node reached from n by r, or -1.
func (l *Liang) child(n int32, r rune) int32 {
	nd := l.nodes[n]
	for _, e := range l.edges[nd.first : nd.first+nd.n] {
		if e.r == r {
			return e.node
		}
	}
	return -1
}

// maxWord is the longest word hyphenated; longer ones are not words.
const maxWord = 64

// Hyphenate returns the byte offsets in word where it may be hyphenated.
// word should be one word of letters (Itemize passes only runs of
// letters); it is lower-cased (Unicode-aware) before matching, and is not
// hyphenated if it contains anything but letters.
func (l *Liang) Hyphenate(word string) []int {
	n := utf8.RuneCountInString(word)
	if l == nil || len(l.nodes) == 0 || n < l.left+l.right || n > maxWord {
		return nil
	}
	// d is ".word." lower-cased; level[j] is the value between d[j-1] and d[j].
	var dbuf [maxWord + 2]rune
	var level [maxWord + 3]uint8
	var lower [maxWord * utf8.UTFMax]byte
	d := dbuf[:0]
	lw := lower[:0]
	d = append(d, '.')
	for _, r := range word {
		if !isLetter(r) {
			return nil
		}
		r = unicode.ToLower(r)
		d = append(d, r)
		lw = utf8.AppendRune(lw, r)
	}
	d = append(d, '.')
	if pos, ok := l.exceptions[string(lw)]; ok {
		for _, p := range pos {
			level[int(p)+1] = 1
		}
	} else {
		for i := range d {
			node := int32(0)
			for j := i; j < len(d); j++ {
				if node = l.child(node, d[j]); node < 0 {
					break
				}
				if v := l.nodes[node].value; v >= 0 {
					for k, x := range l.values[v : int(v)+j-i+2] {
						level[i+k] = max(level[i+k], x)
					}
				}
			}
		}
	}
	var out []int
	off := 0
	k := 0 // rune index in word
	for _, r := range word {
		if k >= l.left && n-k >= l.right && level[k+1]%2 == 1 {
			out = append(out, off)
		}
		off += utf8.RuneLen(r)
		k++
	}
	return out
}
