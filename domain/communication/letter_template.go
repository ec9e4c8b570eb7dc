package communication

import (
	"strings"
	"unicode/utf8"

	"github.com/klient-crm/klient/domain"
)

// MergeFields are the fields a letter template may name, in Swedish as a
// lawyer writes them, each with what it is filled with. A letter is
// rendered against one matter and one recipient.
var MergeFields = []string{
	"mottagare.namn",    // the person or organisation the letter goes to
	"klient.namn",       // the matter's client
	"ärende.nummer",     // the matter's number, 2026-0042
	"ärende.titel",      // the matter's title
	"ärende.ansvarig",   // the responsible lawyer's name
	"frist.datum",       // the next open deadline's date, empty when none
	"frist.beskrivning", // what that deadline is for
	"byrå.namn",         // the firm
	"dagens.datum",      // the day the letter is written
}

// Template limits: a letter of a few pages, nested conditions a person can
// still follow.
const (
	MaxTemplateName    = 120
	MaxTemplateSubject = MaxMailSubject
	MaxTemplateBody    = 50_000
	maxTemplateDepth   = 5
)

// Template is a parsed letter template. The syntax:
//
//	{{klient.namn}}                           a merge field
//	{{#om frist.datum}} … {{/om}}             only when the field is not empty
//	{{#om frist.datum}} … {{annars}} … {{/om}}
//
// A block tag alone on its line takes its line break with it.
type Template struct{ nodes []node }

type node struct {
	text  string // a run of text, when field is empty
	field string // a merge field, or the condition of a block
	block bool
	then  []node
	els   []node
}

// ParseTemplate parses text, the template's field (subject or body).
// Every problem is refused with its line: an unknown field, a tag that is
// not closed, an {{annars}} or {{/om}} without its {{#om}}, a block never
// closed.
func ParseTemplate(field, text string) (Template, error) {
	p := parser{field: field, src: text, line: 1}
	nodes := p.parse()
	return Template{nodes: nodes}, p.problems.Err()
}

type parser struct {
	field    string
	src      string
	pos      int
	line     int
	problems domain.Problems
}

// frame is an open {{#om}} block.
type frame struct {
	n     *node
	line  int
	inEls bool
}

func (p *parser) fail(code, msg string, args ...any) {
	p.problems.Add(domain.Invalid(p.field, msg, args...).WithCode(code).WithArgs(args...))
}

// parse reads the whole text into nodes, keeping a stack of open blocks.
func (p *parser) parse() []node {
	var root []node
	var stack []*frame
	add := func(n node) {
		if len(stack) == 0 {
			root = append(root, n)
			return
		}
		f := stack[len(stack)-1]
		if f.inEls {
			f.n.els = append(f.n.els, n)
		} else {
			f.n.then = append(f.n.then, n)
		}
	}
	// Blocks are built bottom-up: a closed block is added to its parent.
	for p.pos < len(p.src) {
		open := strings.Index(p.src[p.pos:], "{{")
		if open < 0 {
			add(node{text: p.advance(len(p.src) - p.pos)})
			break
		}
		if open > 0 {
			add(node{text: p.advance(open)})
		}
		tagLine := p.line
		end := strings.Index(p.src[p.pos:], "}}")
		if nl := strings.IndexByte(p.src[p.pos:], '\n'); end < 0 || (nl >= 0 && nl < end) {
			p.fail("letter.template.unclosed_tag", "line %d: {{ is not closed by }} on the same line", tagLine)
			add(node{text: p.advance(2)})
			continue
		}
		tag := strings.TrimSpace(p.src[p.pos+2 : p.pos+end])
		startOfLine := p.pos == 0 || p.src[p.pos-1] == '\n'
		p.advance(end + 2)
		isBlock := true
		switch {
		case strings.HasPrefix(tag, "#om ") || tag == "#om":
			name := strings.TrimSpace(strings.TrimPrefix(tag, "#om"))
			p.checkField(name, tagLine)
			if len(stack) >= maxTemplateDepth {
				p.fail("letter.template.too_deep", "line %d: at most %d {{#om}} blocks inside each other", tagLine, maxTemplateDepth)
			}
			stack = append(stack, &frame{n: &node{field: name, block: true}, line: tagLine})
		case tag == "annars":
			if len(stack) == 0 || stack[len(stack)-1].inEls {
				p.fail("letter.template.stray_else", "line %d: {{annars}} without an open {{#om}}", tagLine)
				break
			}
			stack[len(stack)-1].inEls = true
		case tag == "/om":
			if len(stack) == 0 {
				p.fail("letter.template.stray_end", "line %d: {{/om}} without an open {{#om}}", tagLine)
				break
			}
			f := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			add(*f.n)
		default:
			isBlock = false
			p.checkField(tag, tagLine)
			add(node{field: tag})
		}
		if isBlock && startOfLine && strings.HasPrefix(p.src[p.pos:], "\n") {
			p.advance(1)
		}
	}
	for i := len(stack) - 1; i >= 0; i-- {
		p.fail("letter.template.unclosed_block", "line %d: {{#om}} is never closed by {{/om}}", stack[i].line)
		f := stack[i]
		if i > 0 {
			parent := stack[i-1]
			if parent.inEls {
				parent.n.els = append(parent.n.els, *f.n)
			} else {
				parent.n.then = append(parent.n.then, *f.n)
			}
		} else {
			root = append(root, *f.n)
		}
	}
	return root
}

// advance moves n bytes on, counting lines, and returns what it passed.
func (p *parser) advance(n int) string {
	s := p.src[p.pos : p.pos+n]
	p.line += strings.Count(s, "\n")
	p.pos += n
	return s
}

func (p *parser) checkField(name string, line int) {
	for _, f := range MergeFields {
		if f == name {
			return
		}
	}
	// The name is the template author's text, not personal data; it is
	// cut so a stray paragraph does not become the message.
	if utf8.RuneCountInString(name) > 40 {
		name = string([]rune(name)[:40]) + "…"
	}
	p.fail("letter.template.unknown_field", "line %d: unknown field %q", line, name)
}

// Render fills the template with values (merge field → text); a field
// without a value renders empty, and an {{#om}} on it takes its {{annars}}.
func (t Template) Render(values map[string]string) string {
	var b strings.Builder
	render(&b, t.nodes, values)
	return b.String()
}

func render(b *strings.Builder, nodes []node, values map[string]string) {
	for _, n := range nodes {
		switch {
		case n.block && strings.TrimSpace(values[n.field]) != "":
			render(b, n.then, values)
		case n.block:
			render(b, n.els, values)
		case n.field != "":
			b.WriteString(values[n.field])
		default:
			b.WriteString(n.text)
		}
	}
}
