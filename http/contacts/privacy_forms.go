package contacts

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	gdprcmd "github.com/klient-crm/klient/commands/gdpr"
	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/http/i18n"
	"github.com/klient-crm/klient/http/web"
)

// subjectCommand runs one command of the panel for the person the route
// names and returns where it left the register.
type subjectCommand func(r *http.Request, actor journal.Actor, subjectID string) (gdprcmd.SubjectResult, error)

// privacyWrite serves one form of the panel: the person must be visible
// to the member (walls, restriction), the command decides, and the member
// lands back on the panel with a confirmation — or sees the form again,
// with what they sent and what was wrong, and nothing written.
func (s *Handlers) privacyWrite(form, done string, run subjectCommand) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !s.ParseForm(w, r) {
			return
		}
		id := chi.URLParam(r, "id")
		if _, err := s.ReadContact(r, id); err != nil {
			s.Fail(w, r, err)
			return
		}
		res, err := run(r, s.Actor(r), id)
		if err != nil {
			s.privacyFailed(w, r, form, err)
			return
		}
		s.awaitRegister(r.Context(), res)
		http.Redirect(w, r, "/contacts/"+id+"?done="+done+"#privacy", http.StatusSeeOther)
	}
}

// privacyFailed shows the contact page again with the form's problem, or
// an error page for a problem no form can show (an unknown consent).
func (s *Handlers) privacyFailed(w http.ResponseWriter, r *http.Request, form string, err error) {
	f, status, ok := s.FailedForm(r, err, "/contacts/"+chi.URLParam(r, "id"))
	if !ok {
		s.Fail(w, r, err)
		return
	}
	s.contactPage(w, r, status, privacyForm{Name: form, State: f})
}

func (s *Handlers) recordBasisForm(r *http.Request, actor journal.Actor, id string) (gdprcmd.SubjectResult, error) {
	f := r.PostForm
	in := basisInput{BasisID: f.Get("basis_id"), Basis: f.Get("basis"), Purpose: f.Get("purpose"), Note: f.Get("note")}
	return s.deps.Privacy.RecordBasis.Handle(r.Context(), in.command(actor, id))
}

func (s *Handlers) endBasisForm(r *http.Request, actor journal.Actor, id string) (gdprcmd.SubjectResult, error) {
	return s.deps.Privacy.EndBasis.Handle(r.Context(), gdprcmd.EndLawfulBasis{Actor: actor, SubjectID: id,
		BasisID: chi.URLParam(r, "basis"), Reason: r.PostForm.Get("reason")})
}

func (s *Handlers) giveConsentForm(r *http.Request, actor journal.Actor, id string) (gdprcmd.SubjectResult, error) {
	in, err := consentForm(r.PostForm)
	if err != nil {
		return gdprcmd.SubjectResult{}, err
	}
	return s.deps.Privacy.GiveConsent.Handle(r.Context(), in.command(actor, id))
}

// withdrawConsent is the one click (or API call, without a body) that
// withdraws a consent, now: one the person gave, or one given under a
// contact merged into theirs, which their page lists with their own and
// whose register (the merged contact's stream) records the withdrawal.
func (s *Handlers) withdrawConsent(r *http.Request, actor journal.Actor, id string) (gdprcmd.SubjectResult, error) {
	consent := chi.URLParam(r, "consent")
	holder, err := s.deps.Privacy.Register.ConsentHolder(r.Context(), id, consent)
	if err != nil {
		return gdprcmd.SubjectResult{}, err
	}
	return s.deps.Privacy.WithdrawConsent.Handle(r.Context(), gdprcmd.WithdrawConsent{Actor: actor, SubjectID: holder,
		ConsentID: consent})
}

func (s *Handlers) objectForm(r *http.Request, actor journal.Actor, id string) (gdprcmd.SubjectResult, error) {
	return s.deps.Privacy.Object.Handle(r.Context(), gdprcmd.RecordObjection{Actor: actor, SubjectID: id,
		To: gdpr.ObjectionTo(r.PostForm.Get("to")), Reason: r.PostForm.Get("reason")})
}

func (s *Handlers) restrictForm(r *http.Request, actor journal.Actor, id string) (gdprcmd.SubjectResult, error) {
	f := r.PostForm
	cmd, err := restrictionInput{RequestID: f.Get("request_id"), Reason: f.Get("reason"), Until: f.Get("until")}.command(actor, id)
	if err != nil {
		return gdprcmd.SubjectResult{}, err
	}
	return s.deps.Privacy.Restrict.Handle(r.Context(), cmd)
}

func (s *Handlers) liftForm(r *http.Request, actor journal.Actor, id string) (gdprcmd.SubjectResult, error) {
	return s.deps.Privacy.Lift.Handle(r.Context(), gdprcmd.LiftRestriction{Actor: actor, SubjectID: id})
}

// The questions asked before the panel's irreversible steps: an ended
// basis and a withdrawn consent stay ended (a new one is recorded
// instead), and a lifted restriction lets processing start again. A
// basis or consent the person does not have is left to the command to
// refuse.

func (s *Handlers) askEndBasis(r *http.Request) (*web.Confirmation, error) {
	st, err := s.deps.Privacy.Register.Subject(r.Context(), chi.URLParam(r, "id"))
	if err != nil {
		return nil, err
	}
	lang := web.LangOf(r.Context())
	for _, b := range st.Bases {
		if b.BasisID == chi.URLParam(r, "basis") {
			return s.contactQuestion(r, "confirm.basis.end", i18n.T(lang, "privacy.basis."+string(b.Basis)), purposeLabel(lang, b.Purpose))
		}
	}
	return nil, nil
}

func (s *Handlers) askWithdrawConsent(r *http.Request) (*web.Confirmation, error) {
	st, err := s.deps.Privacy.Register.Subject(r.Context(), chi.URLParam(r, "id"))
	if err != nil {
		return nil, err
	}
	for _, c := range st.Consents {
		if c.ConsentID == chi.URLParam(r, "consent") {
			return s.contactQuestion(r, "confirm.consent.withdraw", purposeLabel(web.LangOf(r.Context()), c.Purpose))
		}
	}
	return nil, nil
}

func (s *Handlers) askLiftRestriction(r *http.Request) (*web.Confirmation, error) {
	return s.contactQuestion(r, "confirm.restriction.lift")
}
