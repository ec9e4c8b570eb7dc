package work

import (
	"context"

	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	domainwork "github.com/klient-crm/klient/domain/work"
)

// templateChangedMeanwhile is the catalogue code of a stale view of a
// workflow template.
const templateChangedMeanwhile = "work.template.changed_meanwhile"

func templateStream(area string) journal.Stream {
	return journal.Stream{Name: domainwork.TemplateStreamName(area), StaleCode: templateChangedMeanwhile}
}

// templateLoader rebuilds the template of practice area (normalised). A
// template holds no personal data.
func (r *Work) templateLoader(area string) journal.Loader[*domainwork.WorkflowTemplate] {
	return func(ctx context.Context) (*domainwork.WorkflowTemplate, journal.Span, error) {
		w := new(domainwork.WorkflowTemplate)
		sp, err := r.journal.Replay(ctx, domainwork.TemplateStreamName(area), "", func(ev domain.Event, _ bool) { w.Apply(ev) })
		return w, sp, err
	}
}

// templateArea normalises t's practice area, which names its stream. An
// area that cannot is refused with every other problem of t.
func templateArea(t domainwork.Template) (string, error) {
	area, err := domainwork.NormalisePracticeArea(t.PracticeArea)
	if err != nil {
		_, all := new(domainwork.WorkflowTemplate).Define(t)
		return "", all
	}
	return area, nil
}
