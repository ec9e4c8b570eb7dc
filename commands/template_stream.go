package commands

import (
	"context"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/work"
)

// templateChangedMeanwhile is the catalogue code of a stale view of a
// workflow template.
const templateChangedMeanwhile = "work.template.changed_meanwhile"

func templateStream(area string) stream {
	return stream{name: work.TemplateStreamName(area), staleCode: templateChangedMeanwhile}
}

// templateLoader rebuilds the template of practice area (normalised). A
// template holds no personal data.
func (r *Work) templateLoader(area string) loader[*work.WorkflowTemplate] {
	return func(ctx context.Context) (*work.WorkflowTemplate, span, error) {
		w := new(work.WorkflowTemplate)
		sp, err := r.replay(ctx, work.TemplateStreamName(area), "", func(ev domain.Event, _ bool) { w.Apply(ev) })
		return w, sp, err
	}
}

// templateArea normalises t's practice area, which names its stream. An
// area that cannot is refused with every other problem of t.
func templateArea(t work.Template) (string, error) {
	area, err := work.NormalisePracticeArea(t.PracticeArea)
	if err != nil {
		_, all := new(work.WorkflowTemplate).Define(t)
		return "", all
	}
	return area, nil
}
