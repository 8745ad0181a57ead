package epub

import (
	"strconv"
	"strings"
)

// DefaultCSS is the stylesheet Write uses unless Options.CSS replaces it.
// It sizes everything in em and percentages, sets no font family (except
// to embedded fonts, see Options.Fonts), no colour and no alignment, so
// that readers' settings win; it indents paragraphs that follow a
// paragraph, asks for hyphenation, and starts every chapter on a new page.
const DefaultCSS = `/* Quire's default stylesheet. */
body {
  widows: 2;
  orphans: 2;
}

/* Running text: no space between paragraphs, an indent after the first. */
p {
  margin: 0;
  text-indent: 0;
  -webkit-hyphens: auto;
  -epub-hyphens: auto;
  adobe-hyphenate: auto;
  hyphens: auto;
}
p + p {
  text-indent: 1.5em;
}

h1, h2, h3, h4, h5, h6 {
  line-height: 1.2;
  text-indent: 0;
  -webkit-hyphens: manual;
  -epub-hyphens: manual;
  adobe-hyphenate: none;
  hyphens: manual;
  page-break-after: avoid;
  break-after: avoid;
  page-break-inside: avoid;
  break-inside: avoid;
}
h1 {
  font-size: 1.6em;
  font-weight: normal;
  margin: 2em 0 1.5em;
  text-align: center;
}
h2 {
  font-size: 1.25em;
  margin: 1.75em 0 0.75em;
}
h3 {
  font-size: 1.1em;
  margin: 1.5em 0 0.5em;
}
h4, h5, h6 {
  font-size: 1em;
  margin: 1.25em 0 0.5em;
}
h5, h6 {
  font-weight: normal;
  font-style: italic;
}

/* Every chapter starts on a new page. */
section.chapter, section.titlepage, section.colophon, section.cover, nav.toc {
  page-break-before: always;
  break-before: page;
}

blockquote {
  margin: 1em 1.5em;
}
pre {
  margin: 1em 0;
  white-space: pre-wrap;
  overflow-wrap: break-word;
  font-family: monospace;
  font-size: 0.85em;
  text-align: left;
  -moz-tab-size: 4;
  tab-size: 4;
}
code {
  font-family: monospace;
  -webkit-hyphens: none;
  -epub-hyphens: none;
  adobe-hyphenate: none;
  hyphens: none;
}
pre code {
  font-size: 1em;
}

ul, ol {
  margin: 1em 0;
  padding-left: 1.5em;
}
ul.loose > li, ol.loose > li {
  margin: 0.5em 0;
}
li > p + p {
  text-indent: 0;
  margin-top: 0.5em;
}
li ul, li ol {
  margin: 0;
}

/* Scene breaks: a short rule, or an ornament (Options.SceneBreak). */
hr.scene {
  border: none;
  border-top: thin solid;
  width: 20%;
  margin: 1.5em auto;
}
p.ornament, p.ornament + p {
  text-indent: 0;
}
p.ornament {
  margin: 1em 0;
  text-align: center;
}

figure {
  margin: 1.5em 0;
  text-align: center;
  page-break-inside: avoid;
  break-inside: avoid;
}
img {
  max-width: 100%;
}
figure img {
  height: auto;
}
figcaption {
  margin-top: 0.5em;
  font-size: 0.9em;
}

table {
  border-collapse: collapse;
  margin: 1em auto;
}
th, td {
  padding: 0.2em 0.5em;
  border-bottom: thin solid;
  vertical-align: top;
}
th.align-left, td.align-left {
  text-align: left;
}
th.align-center, td.align-center {
  text-align: center;
}
th.align-right, td.align-right {
  text-align: right;
}

/* Footnotes: a small reference; the notes at the end of the chapter. */
sup {
  font-size: 0.75em;
  line-height: 0;
  vertical-align: super;
}
a.noteref {
  text-decoration: none;
}
div.notes {
  margin-top: 2em;
  border-top: thin solid;
  padding-top: 0.5em;
  font-size: 0.9em;
}
aside.footnote {
  margin: 0.5em 0;
}
aside.footnote p + p {
  text-indent: 0;
  margin-top: 0.25em;
}
a.backlink {
  text-decoration: none;
}

/* Title page, colophon, contents, cover. */
section.titlepage {
  text-align: center;
  -webkit-hyphens: manual;
  -epub-hyphens: manual;
  hyphens: manual;
}
section.titlepage h1 {
  font-size: 2em;
  margin: 3em 0 0.5em;
}
section.titlepage p {
  text-indent: 0;
}
p.subtitle {
  font-size: 1.25em;
  font-style: italic;
  margin-bottom: 2em;
}
p.credit {
  margin: 0.75em 0;
}
p.imprint {
  margin-top: 4em;
  font-size: 0.9em;
}
section.colophon {
  font-size: 0.9em;
}
section.colophon h1 {
  font-size: 1.25em;
}
section.colophon p {
  text-indent: 0;
  margin: 0.75em 0;
}
span.identifier {
  overflow-wrap: break-word;
}
nav.toc ol {
  list-style-type: none;
  padding-left: 1.5em;
  margin: 0;
}
nav.toc > ol {
  padding-left: 0;
}
nav.toc li {
  margin: 0.4em 0;
}
nav.toc a {
  text-decoration: none;
}
section.cover {
  text-align: center;
  margin: 0;
  padding: 0;
}
section.cover img {
  max-height: 95vh;
}
`

// stylesheet is the CSS file's content: @font-face rules for the embedded
// fonts, then the stylesheet, then ExtraCSS.
func (p *plan) stylesheet() string {
	var sb strings.Builder
	for i, f := range p.opts.Fonts {
		weight := f.Weight
		if weight == 0 {
			weight = 400
		}
		style := "normal"
		if f.Italic {
			style = "italic"
		}
		sb.WriteString("@font-face {\n  font-family: " + cssString(f.Family) + ";\n")
		sb.WriteString("  font-weight: " + strconv.Itoa(weight) + ";\n")
		sb.WriteString("  font-style: " + style + ";\n")
		sb.WriteString("  src: url(" + cssString(p.fonts[i].src) + ");\n}\n")
	}
	if p.opts.CSS != "" {
		sb.WriteString(p.opts.CSS)
	} else {
		sb.WriteString(DefaultCSS)
		if len(p.opts.Fonts) > 0 {
			sb.WriteString("\nbody {\n  font-family: " + cssString(p.opts.Fonts[0].Family) + ", serif;\n}\n")
		}
	}
	if p.opts.ExtraCSS != "" {
		if !strings.HasSuffix(sb.String(), "\n") {
			sb.WriteByte('\n')
		}
		sb.WriteString(p.opts.ExtraCSS)
	}
	if !strings.HasSuffix(sb.String(), "\n") {
		sb.WriteByte('\n')
	}
	return sb.String()
}

// cssString quotes s as a CSS string.
func cssString(s string) string {
	var sb strings.Builder
	sb.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"', '\\':
			sb.WriteByte('\\')
			sb.WriteRune(r)
		default:
			sb.WriteRune(r)
		}
	}
	sb.WriteByte('"')
	return sb.String()
}
