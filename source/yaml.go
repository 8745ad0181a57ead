package source

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The front matter parser reads the small part of YAML that book metadata
// needs: "key: value" pairs whose values are plain, 'single-quoted' or
// "double-quoted" scalars, scalars folded with ">" or continued on more
// indented lines, lists written as "- item" lines or as "[a, b]", and lists
// of one-level maps ("- name: …" followed by "  role: …"). Comments start
// with "#". Anchors, tags, literal "|" blocks, flow maps and deeper nesting
// are refused with an error naming the line.

// yamlNode is a front matter value: a scalar, a list or a map.
type yamlNode struct {
	line   int
	kind   yamlKind
	text   string      // yamlScalar
	items  []*yamlNode // yamlList
	fields []yamlField // yamlMap
}

type yamlKind int

const (
	yamlScalar yamlKind = iota
	yamlList
	yamlMap
)

type yamlField struct {
	key   string
	line  int
	value *yamlNode
}

// yamlLine is a line that is neither blank nor a comment.
type yamlLine struct {
	num    int    // line number in the file
	indent int    // leading spaces
	text   string // without the indentation and trailing blanks
}

type yamlParser struct {
	name  string
	lines []yamlLine
	pos   int
}

// parseYAML reads front matter lines, the first of which is line first of
// the file.
func parseYAML(name string, lines []string, first int) ([]yamlField, error) {
	p := &yamlParser{name: name}
	for i, l := range lines {
		l = strings.TrimRight(l, " \t\r")
		text := strings.TrimLeft(l, " ")
		if text == "" || text[0] == '#' {
			continue
		}
		if text[0] == '\t' {
			return nil, p.errf(first+i, "tab in indentation (indent with spaces)")
		}
		p.lines = append(p.lines, yamlLine{num: first + i, indent: len(l) - len(text), text: text})
	}
	fields, err := p.mapping(0)
	if err != nil {
		return nil, err
	}
	if p.pos < len(p.lines) {
		return nil, p.errf(p.lines[p.pos].num, "unexpected indentation")
	}
	return fields, nil
}

func (p *yamlParser) errf(line int, format string, args ...any) error {
	return &Error{File: p.name, Line: line, Err: fmt.Errorf("%w: "+format, append([]any{ErrFrontMatter}, args...)...)}
}

// mapping reads "key: value" lines at the given indentation.
func (p *yamlParser) mapping(indent int) ([]yamlField, error) {
	var fields []yamlField
	seen := map[string]int{}
	for p.pos < len(p.lines) {
		l := p.lines[p.pos]
		if l.indent < indent {
			break
		}
		if l.indent > indent {
			return nil, p.errf(l.num, "unexpected indentation")
		}
		f, err := p.field(l, indent, true)
		if err != nil {
			return nil, err
		}
		if first, ok := seen[f.key]; ok {
			return nil, p.errf(l.num, "key %q repeated (first on line %d)", f.key, first)
		}
		seen[f.key] = l.num
		fields = append(fields, f)
	}
	return fields, nil
}

// field reads the "key: value" pair starting on line l, whose key is at
// column indent, and its value's further lines. Lists below the key are
// read only when lists is true.
func (p *yamlParser) field(l yamlLine, indent int, lists bool) (yamlField, error) {
	key, rest, ok := splitKey(l.text)
	if !ok {
		return yamlField{}, p.errf(l.num, "want \"key: value\", found %q", clip(l.text))
	}
	p.pos++
	f := yamlField{key: key, line: l.num}
	if rest == "" && p.pos < len(p.lines) {
		next := p.lines[p.pos]
		switch {
		case isListItem(next.text) && next.indent >= indent:
			if !lists {
				return f, p.errf(next.num, "lists inside a list item are not supported")
			}
			list, err := p.list(next.indent)
			if err != nil {
				return f, err
			}
			f.value = list
			return f, nil
		case next.indent > indent:
			return f, p.errf(next.num, "nested maps are not supported")
		}
	}
	v, err := p.scalarOrFlow(rest, l.num, indent)
	f.value = v
	return f, err
}

// splitKey splits "key: value" or "key:". Keys are letters, digits, '-'
// and '_'.
func splitKey(s string) (key, rest string, ok bool) {
	i := strings.IndexByte(s, ':')
	if i <= 0 || (i+1 < len(s) && s[i+1] != ' ' && s[i+1] != '\t') {
		return "", "", false
	}
	for j := 0; j < i; j++ {
		c := s[j]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return "", "", false
		}
	}
	return s[:i], strings.TrimSpace(s[i+1:]), true
}

func isListItem(s string) bool { return s == "-" || strings.HasPrefix(s, "- ") }

// list reads "- item" lines at the given indentation.
func (p *yamlParser) list(indent int) (*yamlNode, error) {
	list := &yamlNode{line: p.lines[p.pos].num, kind: yamlList}
	for p.pos < len(p.lines) {
		l := p.lines[p.pos]
		if l.indent != indent || !isListItem(l.text) {
			if l.indent > indent {
				return nil, p.errf(l.num, "unexpected indentation")
			}
			break
		}
		rest := strings.TrimLeft(l.text[1:], " ")
		if rest == "" {
			return nil, p.errf(l.num, "empty list item")
		}
		col := indent + len(l.text) - len(rest) // where the item's text starts
		if _, _, isMap := splitKey(rest); isMap {
			item, err := p.mapItem(yamlLine{num: l.num, indent: col, text: rest})
			if err != nil {
				return nil, err
			}
			list.items = append(list.items, item)
			continue
		}
		p.pos++
		if rest[0] == '[' {
			return nil, p.errf(l.num, "lists inside a list are not supported")
		}
		item, err := p.scalarOrFlow(rest, l.num, indent)
		if err != nil {
			return nil, err
		}
		list.items = append(list.items, item)
	}
	return list, nil
}

// mapItem reads a map inside a list, whose first key is on line first.
func (p *yamlParser) mapItem(first yamlLine) (*yamlNode, error) {
	m := &yamlNode{line: first.num, kind: yamlMap}
	seen := map[string]int{}
	l := first
	for {
		f, err := p.field(l, l.indent, false)
		if err != nil {
			return nil, err
		}
		if line, ok := seen[f.key]; ok {
			return nil, p.errf(f.line, "key %q repeated (first on line %d)", f.key, line)
		}
		seen[f.key] = f.line
		m.fields = append(m.fields, f)
		if p.pos >= len(p.lines) || p.lines[p.pos].indent != first.indent || isListItem(p.lines[p.pos].text) {
			return m, nil
		}
		l = p.lines[p.pos]
	}
}

// scalarOrFlow reads the value text that follows a key or a list dash on
// line num, together with the lines indented more than indent that
// continue it.
func (p *yamlParser) scalarOrFlow(text string, num, indent int) (*yamlNode, error) {
	var more []string
	for p.pos < len(p.lines) && p.lines[p.pos].indent > indent {
		l := p.lines[p.pos]
		if _, _, isKey := splitKey(l.text); isKey && !strings.HasPrefix(text, ">") {
			return nil, p.errf(l.num, "unexpected indentation")
		}
		more = append(more, l.text)
		p.pos++
	}
	node := &yamlNode{line: num}
	switch {
	case text == "":
		if len(more) > 0 {
			return nil, p.errf(num, "unexpected indentation")
		}
		return node, nil
	case text[0] == '>':
		if h := stripComment(text); h != ">" && h != ">-" && h != ">+" {
			return nil, p.errf(num, "want \">\" alone on the line to fold the lines below")
		}
		node.text = strings.Join(more, " ")
		return node, nil
	case text[0] == '|':
		return nil, p.errf(num, "literal blocks (|) are not supported; use > to fold the lines below into one")
	case text[0] == '{':
		return nil, p.errf(num, "flow maps ({…}) are not supported")
	case strings.ContainsRune("&*!%@`", rune(text[0])):
		return nil, p.errf(num, "a value cannot start with %q; put it in quotes", text[:1])
	}
	if len(more) > 0 {
		text += " " + strings.Join(more, " ")
	}
	if text[0] == '[' {
		return p.flowList(text, num)
	}
	s, rest, err := p.scalar(text, num)
	if err != nil {
		return nil, err
	}
	if stripComment(rest) != "" {
		return nil, p.errf(num, "unexpected %q after the value", clip(rest))
	}
	node.text = s
	return node, nil
}

// scalar reads one quoted or plain scalar from the start of s and returns
// what follows it. A plain scalar runs to a comment or, inside a flow list,
// to a ',' or ']'.
func (p *yamlParser) scalar(s string, num int) (value, rest string, err error) {
	switch s[0] {
	case '\'':
		var sb strings.Builder
		for i := 1; i < len(s); i++ {
			if s[i] != '\'' {
				sb.WriteByte(s[i])
				continue
			}
			if i+1 < len(s) && s[i+1] == '\'' {
				sb.WriteByte('\'')
				i++
				continue
			}
			return sb.String(), strings.TrimSpace(s[i+1:]), nil
		}
		return "", "", p.errf(num, "quoted text not closed")
	case '"':
		var sb strings.Builder
		for i := 1; i < len(s); i++ {
			switch s[i] {
			case '"':
				return sb.String(), strings.TrimSpace(s[i+1:]), nil
			case '\\':
				n, err := unescapeYAML(&sb, s[i:])
				if err != nil {
					return "", "", p.errf(num, "%v", err)
				}
				i += n - 1
			default:
				sb.WriteByte(s[i])
			}
		}
		return "", "", p.errf(num, "quoted text not closed")
	}
	end := len(s)
	if i := strings.Index(s, " #"); i >= 0 {
		end = i
	}
	return strings.TrimSpace(s[:end]), s[end:], nil
}

// unescapeYAML writes the escape sequence at the start of s and returns its
// length.
func unescapeYAML(sb *strings.Builder, s string) (int, error) {
	if len(s) < 2 {
		return 0, fmt.Errorf("quoted text not closed")
	}
	switch c := s[1]; c {
	case '"', '\\', '/':
		sb.WriteByte(c)
		return 2, nil
	case 't':
		sb.WriteByte('\t')
		return 2, nil
	case 'n', ' ':
		sb.WriteByte(' ') // metadata is one line
		return 2, nil
	case '_':
		sb.WriteRune(nbsp)
		return 2, nil
	case 'x', 'u', 'U':
		n := map[byte]int{'x': 2, 'u': 4, 'U': 8}[c]
		if len(s) < 2+n {
			return 0, fmt.Errorf("short escape %q", s)
		}
		v, err := strconv.ParseUint(s[2:2+n], 16, 32)
		if err != nil || !utf8.ValidRune(rune(v)) || v < 0x20 || (v >= 0x7f && v < 0xa0) || v == 0xFFFE || v == 0xFFFF {
			return 0, fmt.Errorf("bad escape %q", s[:2+n])
		}
		sb.WriteRune(rune(v))
		return 2 + n, nil
	}
	return 0, fmt.Errorf("unknown escape %q", s[:2])
}

// flowList reads "[a, 'b', c]".
func (p *yamlParser) flowList(s string, num int) (*yamlNode, error) {
	list := &yamlNode{line: num, kind: yamlList}
	s = strings.TrimSpace(s[1:])
	if strings.HasPrefix(s, "]") {
		if stripComment(s[1:]) != "" {
			return nil, p.errf(num, "unexpected %q after the list", clip(strings.TrimSpace(s[1:])))
		}
		return list, nil
	}
	for {
		if s == "" {
			return nil, p.errf(num, "list not closed with ]")
		}
		if strings.ContainsRune("[{", rune(s[0])) {
			return nil, p.errf(num, "lists and maps inside a list are not supported")
		}
		var value string
		if s[0] == '\'' || s[0] == '"' {
			v, rest, err := p.scalar(s, num)
			if err != nil {
				return nil, err
			}
			value, s = v, rest
		} else {
			end := strings.IndexAny(s, ",]")
			if end < 0 {
				return nil, p.errf(num, "list not closed with ]")
			}
			value, s = strings.TrimSpace(s[:end]), s[end:]
		}
		list.items = append(list.items, &yamlNode{line: num, text: value})
		switch {
		case strings.HasPrefix(s, ","):
			s = strings.TrimSpace(s[1:])
		case strings.HasPrefix(s, "]"):
			if stripComment(s[1:]) != "" {
				return nil, p.errf(num, "unexpected %q after the list", clip(strings.TrimSpace(s[1:])))
			}
			return list, nil
		default:
			return nil, p.errf(num, "want ',' or ']' in the list, found %q", clip(s))
		}
	}
}

// stripComment removes a trailing "# comment" and blanks.
func stripComment(s string) string {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "#") {
		return ""
	}
	if i := strings.Index(s, " #"); i >= 0 {
		s = s[:i]
	}
	return strings.TrimSpace(s)
}

// clip shortens text quoted in an error message.
func clip(s string) string {
	if utf8.RuneCountInString(s) <= 40 {
		return s
	}
	r := []rune(s)
	return string(r[:39]) + "…"
}
