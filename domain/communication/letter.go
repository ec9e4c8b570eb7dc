package communication

import (
	"strings"

	"github.com/klient-crm/klient/domain"
)

// Letter template event types are stored forever: never rename them.
const (
	TypeLetterTemplateSaved   = "communication.LetterTemplateSaved"
	TypeLetterTemplateRetired = "communication.LetterTemplateRetired"
)

// LetterTemplateSaved: an administrator wrote or changed a letter
// template. The firm's own text, no one's personal data: not sealed.
type LetterTemplateSaved struct {
	TemplateID string `json:"template_id"`
	Name       string `json:"name"`
	Subject    string `json:"subject"`
	Body       string `json:"body"`
}

// LetterTemplateRetired: the template is no longer offered; letters sent
// with it keep their text.
type LetterTemplateRetired struct {
	TemplateID string `json:"template_id"`
}

func (LetterTemplateSaved) EventType() string    { return TypeLetterTemplateSaved }
func (LetterTemplateRetired) EventType() string  { return TypeLetterTemplateRetired }
func (LetterTemplateSaved) SchemaVersion() int   { return 1 }
func (LetterTemplateRetired) SchemaVersion() int { return 1 }

// LetterTemplatesStream is the one stream of every letter template. A
// firm has tens of them and they hold no personal data, so the list is
// read by replaying this stream, with no read model to wait for.
const LetterTemplatesStream = "lettertemplates"

// LetterTemplateText is what an administrator writes.
type LetterTemplateText struct {
	Name, Subject, Body string
}

// CheckLetterTemplate cleans t and refuses it with every problem: a name
// and subject on one line, a body, merge fields the catalogue knows and
// blocks that close, each with its line.
func CheckLetterTemplate(t LetterTemplateText) (LetterTemplateText, error) {
	var p domain.Problems
	var err error
	t.Name, err = domain.Text{Max: MaxTemplateName, Codes: textCodes}.Clean("name", t.Name)
	p.Add(err)
	if err == nil && t.Name == "" {
		p.Add(domain.Invalid("name", "a template needs a name").WithCode("letter.template.name_required"))
	}
	t.Subject, err = domain.Text{Max: MaxTemplateSubject, Codes: textCodes}.Clean("subject", t.Subject)
	p.Add(err)
	if err == nil && t.Subject == "" {
		p.Add(domain.Invalid("subject", "a letter needs a subject").WithCode("mail.subject.required"))
	} else if err == nil {
		_, err = ParseTemplate("subject", t.Subject)
		p.Add(err)
	}
	t.Body, err = domain.Text{Max: MaxTemplateBody, Admit: "\n\t", KeepIndent: true, Codes: textCodes}.Clean("body", t.Body)
	p.Add(err)
	if err == nil && strings.TrimSpace(t.Body) == "" {
		p.Add(domain.Invalid("body", "a letter needs a text").WithCode("mail.body.required"))
	} else if err == nil {
		_, err = ParseTemplate("body", t.Body)
		p.Add(err)
	}
	return t, p.Err()
}

// LetterTemplates is the aggregate of the firm's letter templates.
type LetterTemplates struct {
	byID  map[string]*LetterTemplate
	order []string // by first save
}

// Apply folds one event of the stream.
func (ls *LetterTemplates) Apply(ev domain.Event, erased bool) {
	var id string
	switch ev := ev.(type) {
	case LetterTemplateSaved:
		id = ev.TemplateID
	case LetterTemplateRetired:
		id = ev.TemplateID
	default:
		return
	}
	ls.Template(id).Apply(ev, erased)
}

// Template is template id; one never saved does not Exist (and is then
// kept, so that its first save can be decided on it).
func (ls *LetterTemplates) Template(id string) *LetterTemplate {
	if ls.byID == nil {
		ls.byID = map[string]*LetterTemplate{}
	}
	t, ok := ls.byID[id]
	if !ok {
		t = &LetterTemplate{id: id}
		ls.byID[id] = t
		ls.order = append(ls.order, id)
	}
	return t
}

// List is every saved template, retired ones too, in the order they were
// first saved.
func (ls *LetterTemplates) List() []*LetterTemplate {
	var out []*LetterTemplate
	for _, id := range ls.order {
		if t := ls.byID[id]; t.Exists() {
			out = append(out, t)
		}
	}
	return out
}

// LetterTemplate is one letter template.
type LetterTemplate struct {
	id      string
	text    LetterTemplateText
	retired bool
	applied uint64
}

// ID is the template's ID.
func (l *LetterTemplate) ID() string { return l.id }

// Exists reports a template that was saved.
func (l *LetterTemplate) Exists() bool { return l.applied > 0 }

// Revision counts the template's own events: what a change expects, so
// that a change of another template is no conflict.
func (l *LetterTemplate) Revision() uint64 { return l.applied }

// Retired reports a template no longer offered.
func (l *LetterTemplate) Retired() bool { return l.retired }

// Text is the template as last saved.
func (l *LetterTemplate) Text() LetterTemplateText { return l.text }

// Apply folds one event.
func (l *LetterTemplate) Apply(ev domain.Event, _ bool) {
	l.applied++
	switch ev := ev.(type) {
	case LetterTemplateSaved:
		l.id, l.text = ev.TemplateID, LetterTemplateText{Name: ev.Name, Subject: ev.Subject, Body: ev.Body}
	case LetterTemplateRetired:
		l.retired = true
	}
}

// Save writes t as the template's text: the first save creates it, a
// save of the same text writes nothing.
func (l *LetterTemplate) Save(id string, t LetterTemplateText) ([]domain.Event, error) {
	clean, err := CheckLetterTemplate(t)
	if err != nil {
		return nil, err
	}
	if l.retired {
		return nil, domain.NotFound("there is no such template").WithCode("letter.template.not_found")
	}
	if l.Exists() && l.text == clean {
		return nil, nil
	}
	return []domain.Event{LetterTemplateSaved{TemplateID: id, Name: clean.Name, Subject: clean.Subject, Body: clean.Body}}, nil
}

// Retire stops offering the template; retiring twice writes nothing.
func (l *LetterTemplate) Retire() ([]domain.Event, error) {
	if !l.Exists() {
		return nil, domain.NotFound("there is no such template").WithCode("letter.template.not_found")
	}
	if l.retired {
		return nil, nil
	}
	return []domain.Event{LetterTemplateRetired{TemplateID: l.id}}, nil
}

// Render renders the template's subject and body with values. It is
// called on a saved template, which parsed when it was saved.
func (l *LetterTemplate) Render(values map[string]string) (subject, body string) {
	return RenderLetter(l.text, values)
}

// RenderLetter renders a template's text with values; the subject is
// made one line.
func RenderLetter(t LetterTemplateText, values map[string]string) (subject, body string) {
	s, _ := ParseTemplate("subject", t.Subject)
	b, _ := ParseTemplate("body", t.Body)
	subject = strings.Join(strings.Fields(s.Render(values)), " ")
	return subject, strings.TrimSpace(b.Render(values))
}
