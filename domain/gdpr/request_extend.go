package gdpr

import (
	"time"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/work"
)

// Extend decides to move the deadline to newDeadline, for reason
// (required). Art. 12.3 allows it once, by at most two further months, and
// the subject must be told within the first month: so only before the
// original deadline has passed.
func (r *Request) Extend(newDeadline work.Date, reason string, now time.Time) ([]domain.Event, error) {
	if ok, err := r.open(StatusOpen); !ok || err != nil {
		return nil, err
	}
	if r.extended {
		return nil, domain.Conflict("the deadline has already been extended once").WithCode("gdpr.request.already_extended")
	}
	if Overdue(r.deadline, now) {
		return nil, domain.Conflict("the deadline has passed: it can no longer be extended").WithCode("gdpr.request.extension_late")
	}
	reason, reasonErr := cleanBlock("reason", reason, true)
	if err := domain.JoinProblems(checkExtension(r.deadline, newDeadline), reasonErr); err != nil {
		return nil, err
	}
	return []domain.Event{RequestDeadlineExtended{RequestID: r.ID(), SubjectID: r.SubjectID(), NewDeadline: newDeadline, Reason: reason}}, nil
}

func checkExtension(deadline, newDeadline work.Date) error {
	switch {
	case newDeadline.IsZero():
		return domain.Invalid("new_deadline", "choose the new deadline").WithCode("gdpr.request.new_deadline_required")
	case !newDeadline.After(deadline):
		return domain.Invalid("new_deadline", "the new deadline must be later than %s", deadline).WithCode("gdpr.request.extension_not_later")
	case newDeadline.After(LatestExtension(deadline)):
		return domain.Invalid("new_deadline", "at most two further months: %s", LatestExtension(deadline)).WithCode("gdpr.request.extension_too_long")
	}
	return nil
}
