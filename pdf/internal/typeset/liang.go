package typeset

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/bits"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
	"unsafe"

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
	// Only if some rune of the patterns has no letterBit: runes holds
	// the rune of the edge to each node, others the number of each
	// node's children by such runes.
	runes  []rune
	others []int32
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
// nodes[first:]: first those whose rune has a letterBit, in the order of
// their bits, which are set in mask (so the child for a letter is found by
// counting bits, without a search or a table of edges), then the others
// (patterns.others says how many). 12 bytes: the trie is read from
// cache lines brought from the core that built it.
type trieNode struct {
	first int32
	value int32  // offset in points of the pattern's digits, or -1
	mask  uint32 // letterBits of the children's runes
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
	src, err := hyphenTex()
	if err != nil {
		return nil, err
	}
	l, err := newLiang(src, 2, 3)
	if err != nil {
		return nil, err
	}
	return l.patterns, nil
})

// hyphenTex returns the text of hyphen.tex from the TeX tree embedded in
// star-tex.org/x/tex.
func hyphenTex() (string, error) {
	tex := kpath.New()
	name, err := tex.Find("hyphen.tex")
	if err != nil {
		return "", fmt.Errorf("typeset: english patterns: %w", err)
	}
	// Not tex.Open: it falls back to the host's file system.
	b, err := fs.ReadFile(tex.FS(), name)
	if err != nil {
		return "", fmt.Errorf("typeset: english patterns: %w", err)
	}
	// The bytes are ours and never changed: a string over them saves
	// copying 27 KB.
	return unsafe.String(unsafe.SliceData(b), len(b)), nil
}

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

func newLiang(src string, left, right int) (*Liang, error) {
	l := &Liang{patterns: &patterns{
		left:       max(left, 1),
		right:      max(right, 1),
		exceptions: map[string][]uint16{},
	}}
	bd := newTrieBuilder(len(src))
	err := scanPatterns(src, l, bd.add)
	if errors.Is(err, errUnsorted) {
		// Sorted first, then built. The exceptions are read again, to
		// the same map.
		var pats []sortedPattern
		var key []rune
		err = scanPatterns(src, l, func(pat string) error {
			var err error
			key, _, err = parsePattern(pat, key[:0], nil)
			pats = append(pats, sortedPattern{key: string(key), pat: pat})
			return err
		})
		if err == nil {
			slices.SortFunc(pats, func(a, b sortedPattern) int { return compareKeys(a.key, b.key) })
			bd = newTrieBuilder(len(src))
			for _, p := range pats {
				if err = bd.add(p.pat); err != nil {
					break // cannot be: they are in order
				}
			}
		}
	}
	if err != nil {
		return nil, err
	}
	if len(bd.key) == 0 {
		return nil, errors.New("typeset: no hyphenation patterns")
	}
	bd.finish(l.patterns)
	return l, nil
}

// scanPatterns reads src, a pattern file as NewLiang takes it, adding its
// exceptions to l and passing its patterns to pattern, in their order.
func scanPatterns(src string, l *Liang, pattern func(string) error) error {
	const (
		plain = iota
		inPatterns
		inExceptions
		inOther
	)
	mode, sawTeX, line := plain, false, 1
	for i := 0; i < len(src); {
		// White space and comments, ASCII first.
		if c := src[i]; c < utf8.RuneSelf {
			switch {
			case c == '\n':
				line++
				i++
				continue
			case c == '%':
				n := strings.IndexByte(src[i:], '\n')
				if n < 0 {
					n = len(src) - i
				}
				i += n
				continue
			case isASCIISpace(c):
				i++
				continue
			}
		} else if r, n := utf8.DecodeRuneInString(src[i:]); unicode.IsSpace(r) {
			i += n
			continue
		}
		// A token, up to white space or a comment.
		end := i
		for end < len(src) {
			if c := src[end]; c < utf8.RuneSelf {
				if c == '%' || isASCIISpace(c) {
					break
				}
				end++
				continue
			}
			r, n := utf8.DecodeRuneInString(src[end:])
			if unicode.IsSpace(r) {
				break
			}
			end += n
		}
		tok := src[i:end]
		i = end
		for tok != "" {
			switch {
			case strings.HasPrefix(tok, `\patterns{`):
				mode, sawTeX, tok = inPatterns, true, tok[len(`\patterns{`):]
				continue
			case strings.HasPrefix(tok, `\hyphenation{`):
				mode, sawTeX, tok = inExceptions, true, tok[len(`\hyphenation{`):]
				continue
			case strings.HasPrefix(tok, `\`):
				return fmt.Errorf("typeset: patterns line %d: unknown command %q", line, tok)
			case tok[0] == '}':
				if mode == plain {
					return fmt.Errorf("typeset: patterns line %d: unbalanced }", line)
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
			case mode == inExceptions || (mode == plain && strings.IndexByte(word, '-') >= 0):
				err = l.addException(word)
			case mode == inPatterns || mode == plain:
				err = pattern(word)
			default:
				err = errors.New("text outside \\patterns and \\hyphenation")
			}
			if err != nil {
				return fmt.Errorf("typeset: patterns line %d: %q: %w", line, word, err)
			}
			tok = after
		}
	}
	if sawTeX && mode != inOther {
		return errors.New("typeset: patterns: unclosed group at end")
	}
	return nil
}

// isASCIISpace is unicode.IsSpace for an ASCII character.
func isASCIISpace(c byte) bool { return c == ' ' || c >= '\t' && c <= '\r' }

// letterBit numbers the runes that most patterns are made of, the word
// boundary '.' and a to z, for trieNode.mask; it is -1 for other runes.
// The numbers follow the runes' order, so that patterns sorted as
// hyphen.tex's are (by their letters, '.' first) add nodes in the
// order of their bits.
func letterBit(r rune) int {
	switch {
	case r >= 'a' && r <= 'z':
		return int(r-'a') + 1
	case r == '.':
		return 0
	}
	return -1
}

// runeRank orders the runes of patterns as their nodes are laid out:
// those with a letterBit in its order, then the others by value.
func runeRank(r rune) int {
	if b := letterBit(r); b >= 0 {
		return b
	}
	return 27 + int(r)
}

// compareKeys compares the letters of two patterns in runeRank order.
func compareKeys(a, b string) int {
	for a != "" && b != "" {
		ra, na := utf8.DecodeRuneInString(a)
		rb, nb := utf8.DecodeRuneInString(b)
		if ra != rb {
			return runeRank(ra) - runeRank(rb)
		}
		a, b = a[na:], b[nb:]
	}
	return len(a) - len(b)
}

// sortedPattern is a pattern with its letters, for sorting.
type sortedPattern struct {
	key, pat string
}

// errUnsorted says that a pattern came out of order for trieBuilder.add.
var errUnsorted = errors.New("patterns out of order")

// parsePattern appends the letters of a pattern such as ".ach4" or
// "a1b2c", lower-cased, to key and the digits before each and after the
// last to digits (one more than letters; 0 where there is none).
func parsePattern(pat string, key []rune, digits []uint8) ([]rune, []uint8, error) {
	pending := uint8(0)
	for i := 0; i < len(pat); {
		r, n := rune(pat[i]), 1
		if r >= utf8.RuneSelf {
			r, n = utf8.DecodeRuneInString(pat[i:])
		}
		i += n
		switch {
		case r >= '0' && r <= '9':
			pending = uint8(r - '0')
			continue
		case r >= 'a' && r <= 'z' || r == '.':
		case r == '-' || unicode.IsSpace(r) || r == '{' || r == '}' || r == '\\':
			return key, digits, errors.New("not a pattern")
		default:
			r = unicode.ToLower(r)
		}
		key = append(key, r)
		digits = append(digits, pending)
		pending = 0
	}
	digits = append(digits, pending)
	if len(key) == 0 {
		return key, digits, errors.New("empty pattern")
	}
	return key, digits, nil
}

// trieBuilder builds the trie in one pass over the patterns in the order
// of their letters (compareKeys), straight into its final nodes: the
// nodes on the path of the last pattern are open, each with the children
// closed so far; a node is closed when a pattern leaves its subtree, its
// children then laid out side by side (they are all known). So children
// come before their parent, the root's last but for the root itself,
// node 0.
type trieBuilder struct {
	nodes  []trieNode
	points []uint16
	// others are the nodes reached by a rune without a letterBit;
	// counts those with children by such runes.
	others []otherRune
	counts []otherRune
	// key and digits are the last pattern's (the digits of its
	// repetitions merged), next and nextDigits scratch for the next.
	key, next          []rune
	digits, nextDigits []uint8
	// open[d] is the node of key[:d], open[0] the root; kids[d+1] holds
	// its children closed so far.
	open []builderNode
	kids [][]builderNode
}

// builderNode is a node not yet laid out, the rune of its edge and the
// number of its children by a rune without a letterBit.
type builderNode struct {
	nd     trieNode
	r      rune
	others int32
}

// otherRune is the rune of the edge to a node that has no letterBit, or
// its number of children by such runes.
type otherRune struct {
	node int32
	r    rune
}

func newTrieBuilder(srcLen int) *trieBuilder {
	// Room enough for a pattern file like hyphen.tex, which has a trie
	// node per four bytes and a point per three.
	n := max(srcLen/3, 1)
	return &trieBuilder{
		nodes:  make([]trieNode, 1, n),
		points: make([]uint16, 0, n),
		open:   []builderNode{{nd: trieNode{value: -1}}},
	}
}

// add adds a pattern whose letters come after or are those of the last
// one's (compareKeys), and returns errUnsorted if they come before.
func (bd *trieBuilder) add(pat string) error {
	next, digits, err := parsePattern(pat, bd.next[:0], bd.nextDigits[:0])
	bd.next, bd.nextDigits = next, digits
	if err != nil {
		return err
	}
	prev := bd.key
	same := 0
	for same < len(next) && same < len(prev) && next[same] == prev[same] {
		same++
	}
	switch {
	case same == len(next) && same == len(prev):
		// A repeated pattern: keep the larger digits.
		for i, d := range digits {
			bd.digits[i] = max(bd.digits[i], d)
		}
		return nil
	case same == len(next) || same < len(prev) && runeRank(next[same]) < runeRank(prev[same]):
		return errUnsorted
	}
	bd.setValue()
	bd.closeTo(same)
	for _, r := range next[same:] {
		bd.open = append(bd.open, builderNode{nd: trieNode{value: -1}, r: r})
	}
	for len(bd.kids) <= len(bd.open) {
		bd.kids = append(bd.kids, nil)
	}
	bd.key, bd.next = next, prev
	bd.digits, bd.nextDigits = digits, bd.digits
	return nil
}

// setValue gives the last pattern's node its digits, as points.
func (bd *trieBuilder) setValue() {
	depth := len(bd.key)
	// A pattern longer than a word can be never matches.
	if depth == 0 || depth > maxWord+2 {
		return
	}
	at := len(bd.points)
	bd.points = append(bd.points, 0)
	for k, x := range bd.digits {
		if x != 0 {
			bd.points = append(bd.points, uint16(k)<<8|uint16(x))
		}
	}
	if n := len(bd.points) - at - 1; n > 0 {
		bd.points[at] = uint16(n)
		bd.open[depth].nd.value = int32(at)
	} else {
		bd.points = bd.points[:at]
	}
}

// closeTo closes the open nodes deeper than depth.
func (bd *trieBuilder) closeTo(depth int) {
	for d := len(bd.open) - 1; d > depth; d-- {
		bd.layOut(d)
		bd.kids[d] = append(bd.kids[d], bd.open[d])
	}
	bd.open = bd.open[:depth+1]
}

// layOut places the children of the open node at depth d, all closed, in
// the nodes, and points the node at them.
func (bd *trieBuilder) layOut(d int) {
	o := &bd.open[d]
	o.nd.first = int32(len(bd.nodes))
	kids := bd.kids[d+1] // add keeps kids one longer than open
	for _, c := range kids {
		if b := letterBit(c.r); b >= 0 {
			o.nd.mask |= 1 << b
		} else {
			bd.others = append(bd.others, otherRune{node: int32(len(bd.nodes)), r: c.r})
			o.others++
		}
		bd.place(c)
	}
	bd.kids[d+1] = kids[:0]
}

// place appends a laid out node to the nodes.
func (bd *trieBuilder) place(c builderNode) {
	if c.others > 0 {
		bd.counts = append(bd.counts, otherRune{node: int32(len(bd.nodes)), r: c.others})
	}
	bd.nodes = append(bd.nodes, c.nd)
}

// finish closes every node and gives p the trie.
func (bd *trieBuilder) finish(p *patterns) {
	bd.setValue()
	bd.closeTo(0)
	bd.layOut(0)
	root := bd.open[0]
	bd.nodes[0] = root.nd
	p.nodes, p.points = bd.nodes, bd.points
	if len(bd.others) > 0 {
		p.runes = make([]rune, len(bd.nodes))
		for _, o := range bd.others {
			p.runes[o.node] = o.r
		}
		p.others = make([]int32, len(bd.nodes))
		p.others[0] = root.others
		for _, c := range bd.counts {
			p.others[c.node] = c.r
		}
	}
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
	if l.others == nil {
		return -1
	}
	first := nd.first + int32(bits.OnesCount32(nd.mask))
	for c := first; c < first+l.others[n]; c++ {
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
	d, bit = append(d, '.'), append(bit, 0)
	for _, r := range word {
		if r < utf8.RuneSelf {
			if r >= 'A' && r <= 'Z' {
				r += 'a' - 'A'
			} else if r < 'a' || r > 'z' {
				return out
			}
			d, bit = append(d, r), append(bit, int8(r-'a'+1))
			continue
		}
		if !isLetter(r) {
			return out
		}
		r = unicode.ToLower(r)
		d, bit = append(d, r), append(bit, int8(letterBit(r)))
	}
	d, bit = append(d, '.'), append(bit, 0)
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
