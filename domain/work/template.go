package work

import (
	"reflect"

	"github.com/klient-crm/klient/domain"
)

// WorkflowTemplate is the aggregate of one practice area's template; its
// zero value is the state before the first event.
type WorkflowTemplate struct {
	template Template
	applied  uint64
}

// Exists reports whether the template has been defined.
func (w *WorkflowTemplate) Exists() bool { return w.applied > 0 }

// Version is the stream version of the last applied event.
func (w *WorkflowTemplate) Version() uint64 { return w.applied - 1 }

// Template is the template's current content.
func (w *WorkflowTemplate) Template() Template { return w.template }

// Apply evolves the template by one of its events; it never fails.
func (w *WorkflowTemplate) Apply(ev domain.Event) {
	w.applied++
	switch e := ev.(type) {
	case WorkflowTemplateDefined:
		w.template = e.Template
	case WorkflowTemplateChanged:
		w.template = e.Template
	}
}

// Define decides to define the template t for its practice area. Defining
// the same content again decides nothing (a retry); other content for a
// defined area is a conflict: change it instead.
func (w *WorkflowTemplate) Define(t Template) ([]domain.Event, error) {
	n, err := normaliseTemplate(t)
	if err != nil {
		return nil, err
	}
	if !w.Exists() {
		return []domain.Event{WorkflowTemplateDefined{Template: n}}, nil
	}
	if !reflect.DeepEqual(n, w.template) {
		return nil, domain.Conflict("this practice area already has a template").WithCode("work.template.exists")
	}
	return nil, nil
}

// Change decides the template's complete new content; the same content
// decides nothing. The practice area cannot change: it names the stream.
func (w *WorkflowTemplate) Change(t Template) ([]domain.Event, error) {
	if !w.Exists() {
		return nil, domain.NotFound("this practice area has no template").WithCode("work.template.not_found")
	}
	n, err := normaliseTemplate(t)
	if err != nil {
		return nil, err
	}
	if n.PracticeArea != w.template.PracticeArea {
		return nil, invalid("practice_area", "work.template.area.changed", "a template's practice area cannot change")
	}
	if reflect.DeepEqual(n, w.template) {
		return nil, nil
	}
	return []domain.Event{WorkflowTemplateChanged{Template: n}}, nil
}
