package typeset

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/bits"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"star-tex.org/x/tex/kpath"
)

// Liang is a hyphenator using Frank Liang's algorithm (as TeX does):
// patterns of letters with digits between them, and a list of exception
// words. It is safe for concurrent use. It remembers the hyphens of the
// words it has hyphenated (up to 32,768 of them), which makes a word it
// has seen cost a quarter of one it has not.
type Liang struct {
	// The patterns are never changed once built, so hyphenators may
	// share them (all of NewEnglish's do).
	*patterns

	// memo keeps the hyphens of up to memoMax words already hyphenated,
	// as byte offsets: a book says most of its words again and again.
	mu   sync.RWMutex
	memo map[string][]uint16
}

// patterns is the read-only part of a Liang: its trie and exceptions.
type patterns struct {
	left, right int
	nodes       []trieNode
	runes       []rune // the rune of the edge to each node
	// points holds, for each node with a pattern, the number of its
	// nonzero digits, then each as its position<<8 | digit.
	points     []uint16
	exceptions map[string][]uint16 // lower-case word -> rune positions of hyphens
	// exceptionLens has bit n%64 set when an exception has n letters.
	exceptionLens uint64
}

// memoMax bounds Liang.memo: more distinct words than most books have.
const memoMax = 1 << 15

// trieNode is a node of the pattern trie. Its children are
// nodes[first:first+n]: first those whose rune has a letterBit, in the
// order of their bits, which are set in mask (so the child for a letter is
// found by counting bits, without a search or a table of edges), then the
// others.
type trieNode struct {
	first, n int32
	value    int32  // offset in points of the pattern's digits, or -1
	mask     uint32 // letterBits of the children's runes
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
		return &Liang{patterns: &patterns{}}
	}
	return l
}

// english builds the patterns of hyphen.tex once, for every NewEnglish
// (about 0.6 MB and a millisecond each time otherwise). This package-level
// value is not mutable state: the patterns are immutable once built, and
// each Liang keeps its own memo.
var english = sync.OnceValues(func() (*patterns, error) {
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
	l, err := newLiang(string(b), 2, 3)
	if err != nil {
		return nil, err
	}
	return l.patterns, nil
})

// NewEnglish returns the Liang hyphenator with the standard TeX US-English
// patterns and exceptions, Knuth's hyphen.tex from the TeX tree embedded
// in star-tex.org/x/tex, and TeX's minima (2 letters before a hyphen, 3
// after). The patterns are built at the first call (about a millisecond)
// and shared by every hyphenator it returns; each has its own memo.
func NewEnglish() (*Liang, error) {
	p, err := english()
	if err != nil {
		return nil, err
	}
	return &Liang{patterns: p}, nil
}

// NewLiang reads hyphenation patterns from r and returns their hyphenator,
// which leaves at least left letters before a hyphen and right letters
// after it. r is either a TeX file with \patterns{...} and
// \hyphenation{...} groups (as hyphen.tex, % comments allowed) or a plain
// list of patterns separated by white space (hyph-utf8's .pat.txt), in
// which words containing '-' are exceptions (.hyp.txt entries).
func NewLiang(r io.Reader, left, right int) (*Liang, error) {
	src, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("typeset: reading patterns: %w", err)
	}
	return newLiang(string(src), left, right)
}

// builder holds what is needed only while the trie is built: each
// node's children as a list, node k being the child by runes[k] of its
// parent, its next sibling next[k], its first child kids[k] (-1: none).
// A new child goes first in its parent's list: the patterns come sorted
// in most files, so the child looked for is most often the first.
type builder struct {
	l      *Liang
	kids   []int32
	next   []int32
	runes  []rune
	digits []uint8 // scratch
	// value[k] is the offset in values of the digits of node k's
	// pattern, as many as its depth+1, or -1; depth[k] is its depth
	// (at most 255: deeper patterns keep only that many digits).
	value  []int32
	depth  []uint8
	values []uint8
}

func newLiang(src string, left, right int) (*Liang, error) {
	l := &Liang{patterns: &patterns{
		left:       max(left, 1),
		right:      max(right, 1),
		exceptions: map[string][]uint16{},
	}}
	// Room enough for a pattern file like hyphen.tex, which has a trie
	// node per four bytes and fewer digits than bytes.
	n := max(len(src)/3, 1)
	bd := &builder{l: l, kids: make([]int32, 1, n), next: make([]int32, 1, n), runes: make([]rune, 1, n),
		value: make([]int32, 1, n), depth: make([]uint8, 1, n), values: make([]uint8, 0, len(src))}
	bd.kids[0], bd.next[0], bd.value[0] = -1, -1, -1
	const (
		plain = iota
		inPatterns
		inExceptions
		inOther
	)
	mode, sawTeX, line := plain, false, 0
	for rest := src; rest != ""; {
		line++
		var text string
		text, rest, _ = strings.Cut(rest, "\n")
		if i := strings.IndexByte(text, '%'); i >= 0 {
			text = text[:i]
		}
		for text != "" {
			text = strings.TrimLeftFunc(text, unicode.IsSpace)
			end := strings.IndexFunc(text, unicode.IsSpace)
			if end < 0 {
				end = len(text)
			}
			tok := text[:end]
			text = text[end:]
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
				after := ""
				if i := strings.IndexByte(tok, '}'); i >= 0 {
					word, after = tok[:i], tok[i:]
				}
				var err error
				switch {
				case mode == inExceptions || (mode == plain && strings.ContainsRune(word, '-')):
					err = l.addException(word)
				case mode == inPatterns || mode == plain:
					err = bd.addPattern(word)
				default:
					err = errors.New("text outside \\patterns and \\hyphenation")
				}
				if err != nil {
					return nil, fmt.Errorf("typeset: patterns line %d: %q: %w", line, word, err)
				}
				tok = after
			}
		}
	}
	if sawTeX && mode != inOther {
		return nil, errors.New("typeset: patterns: unclosed group at end")
	}
	if len(bd.kids) == 1 {
		return nil, errors.New("typeset: no hyphenation patterns")
	}
	bd.flatten()
	return l, nil
}

// letterBit numbers the runes that most patterns are made of, a to z and
// the word boundary '.', for trieNode.mask; it is -1 for other runes.
func letterBit(r rune) int {
	switch {
	case r >= 'a' && r <= 'z':
		return int(r - 'a')
	case r == '.':
		return 26
	}
	return -1
}

// addPattern adds a pattern such as ".ach4" or "a1b2c".
func (bd *builder) addPattern(pat string) error {
	digits := bd.digits[:0]
	node, pending := int32(0), uint8(0)
	for _, r := range pat {
		if r >= '0' && r <= '9' {
			pending = uint8(r - '0')
			continue
		}
		if r == '-' || unicode.IsSpace(r) || r == '{' || r == '}' || r == '\\' {
			return errors.New("not a pattern")
		}
		r = unicode.ToLower(r)
		digits = append(digits, pending)
		pending = 0
		next := bd.kids[node]
		for next >= 0 && bd.runes[next] != r {
			next = bd.next[next]
		}
		if next < 0 {
			next = int32(len(bd.kids))
			bd.value = append(bd.value, -1)
			bd.depth = append(bd.depth, uint8(min(int(bd.depth[node])+1, 255)))
			bd.kids = append(bd.kids, -1)
			bd.runes = append(bd.runes, r)
			bd.next = append(bd.next, bd.kids[node])
			bd.kids[node] = next
		}
		node = next
	}
	digits = append(digits, pending)
	bd.digits = digits
	if node == 0 {
		return errors.New("empty pattern")
	}
	if v := bd.value[node]; v >= 0 {
		// A repeated pattern: keep the larger digits.
		for i, d := range digits {
			bd.values[int(v)+i] = max(bd.values[int(v)+i], d)
		}
		return nil
	}
	bd.value[node] = int32(len(bd.values))
	bd.values = append(bd.values, digits...)
	return nil
}

// flatten numbers the nodes breadth first, so that each node's children
// are next to each other, and lays them out as trieNode describes.
func (bd *builder) flatten() {
	l := bd.l
	n := len(bd.kids)
	nodes := make([]trieNode, n)
	var runes []rune // only if some edge is not by a letterBit
	for _, r := range bd.runes[1:] {
		if letterBit(r) < 0 {
			runes = make([]rune, n)
			break
		}
	}
	// order[i] is the builder's number of node i.
	order := make([]int32, 1, n)
	points := make([]uint16, 0, len(bd.values)/2)
	var kids []int32
	var byBit [27]int32 // byBit[b] is the child by letterBit b if mask has b
	for i := 0; i < len(order); i++ {
		o := order[i]
		// The children by letterBit in its order, then the others.
		nd := trieNode{first: int32(len(order)), value: -1}
		kids = kids[:0]
		for c := bd.kids[o]; c >= 0; c = bd.next[c] {
			if b := letterBit(bd.runes[c]); b >= 0 {
				byBit[b] = c
				nd.mask |= 1 << b
			} else {
				kids = append(kids, c)
			}
		}
		for m := nd.mask; m != 0; m &= m - 1 {
			order = append(order, byBit[bits.TrailingZeros32(m)])
		}
		for _, c := range kids {
			runes[len(order)] = bd.runes[c]
			order = append(order, c)
		}
		nd.n = int32(len(order)) - nd.first
		// A pattern longer than a word can be never matches.
		if v, depth := bd.value[o], int32(bd.depth[o]); v >= 0 && depth <= maxWord+2 {
			at := len(points)
			points = append(points, 0)
			for k, x := range bd.values[v : v+depth+1] {
				if x != 0 {
					points = append(points, uint16(k)<<8|uint16(x))
				}
			}
			if n := len(points) - at - 1; n > 0 {
				points[at], nd.value = uint16(n), int32(at)
			} else {
				points = points[:at]
			}
		}
		nodes[i] = nd
	}
	l.nodes, l.runes, l.points = nodes, runes, points
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
	l.exceptionLens |= 1 << (n % 64)
	return nil
}

// child returns the node reached from n by r, or -1.
func (l *Liang) child(n int32, r rune) int32 {
	nd := &l.nodes[n]
	if b := letterBit(r); b >= 0 {
		bit := uint32(1) << b
		if nd.mask&bit == 0 {
			return -1
		}
		return nd.first + int32(bits.OnesCount32(nd.mask&(bit-1)))
	}
	for c := nd.first + int32(bits.OnesCount32(nd.mask)); c < nd.first+nd.n; c++ {
		if l.runes[c] == r {
			return c
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
	return l.appendHyphens(nil, word)
}

// appendHyphens appends the offsets Hyphenate returns to out.
func (l *Liang) appendHyphens(out []int, word string) []int {
	n := utf8.RuneCountInString(word)
	if l == nil || l.patterns == nil || len(l.nodes) == 0 || n < l.left+l.right || n > maxWord {
		return out
	}
	l.mu.RLock()
	pos, ok := l.memo[word]
	l.mu.RUnlock()
	if ok {
		for _, p := range pos {
			out = append(out, int(p))
		}
		return out
	}
	start := len(out)
	out = l.match(out, word, n)
	pos = make([]uint16, len(out)-start)
	for i, p := range out[start:] {
		pos[i] = uint16(p) // p < maxWord*utf8.UTFMax
	}
	l.mu.Lock()
	if l.memo == nil {
		l.memo = map[string][]uint16{}
	}
	if len(l.memo) < memoMax {
		l.memo[strings.Clone(word)] = pos
	}
	l.mu.Unlock()
	return out
}

// appendHyphensUnmemo is appendHyphens without the memo.
func (l *Liang) appendHyphensUnmemo(out []int, word string) []int {
	n := utf8.RuneCountInString(word)
	if l == nil || l.patterns == nil || len(l.nodes) == 0 || n < l.left+l.right || n > maxWord {
		return out
	}
	return l.match(out, word, n)
}

// match appends to out the hyphens that the exceptions or the patterns
// give word, of n letters.
func (l *Liang) match(out []int, word string, n int) []int {
	// d is ".word." lower-cased, bit its runes' letterBits; level[j] is the
	// value between d[j-1] and d[j].
	var dbuf [maxWord + 2]rune
	var bitbuf [maxWord + 2]int8
	var level [maxWord + 3]uint8
	d, bit := dbuf[:0], bitbuf[:0]
	d, bit = append(d, '.'), append(bit, 26)
	for _, r := range word {
		if r < utf8.RuneSelf {
			if r >= 'A' && r <= 'Z' {
				r += 'a' - 'A'
			} else if r < 'a' || r > 'z' {
				return out
			}
			d, bit = append(d, r), append(bit, int8(r-'a'))
			continue
		}
		if !isLetter(r) {
			return out
		}
		r = unicode.ToLower(r)
		d, bit = append(d, r), append(bit, int8(letterBit(r)))
	}
	d, bit = append(d, '.'), append(bit, 26)
	if pos, ok := l.exception(d[1 : len(d)-1]); ok {
		for _, p := range pos {
			level[int(p)+1] = 1
		}
	} else {
		nodes := l.nodes
		for i := range d {
			cur := int32(0)
			for j := i; j < len(d); j++ {
				nd := &nodes[cur]
				// The child of nd by d[j], as child finds it, inlined.
				if b := bit[j]; b >= 0 {
					m := uint32(1) << b
					if nd.mask&m == 0 {
						break
					}
					cur = nd.first + int32(bits.OnesCount32(nd.mask&(m-1)))
				} else if cur = l.child(cur, d[j]); cur < 0 {
					break
				}
				if v := nodes[cur].value; v >= 0 {
					for _, p := range l.points[v+1 : v+1+int32(l.points[v])] {
						k := i + int(p>>8)
						level[k] = max(level[k], uint8(p))
					}
				}
			}
		}
	}
	if len(word) == n { // ASCII: byte offsets are rune indices
		for k := l.left; k <= n-l.right; k++ {
			if level[k+1]%2 == 1 {
				out = append(out, k)
			}
		}
		return out
	}
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

// exception returns the hyphen positions of the exception word of the
// lower-case letters lw.
func (l *Liang) exception(lw []rune) ([]uint16, bool) {
	if l.exceptionLens&(1<<(len(lw)%64)) == 0 {
		return nil, false
	}
	var buf [maxWord * utf8.UTFMax]byte
	b := buf[:0]
	for _, r := range lw {
		b = utf8.AppendRune(b, r)
	}
	pos, ok := l.exceptions[string(b)]
	return pos, ok
}
