package contacts

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	gdprcmd "github.com/klient-crm/klient/commands/gdpr"
	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/http/web"
)

// apiPrivacy is GET /api/v1/contacts/{id}/privacy: what the register holds
// on the person. A read of personal data (notes, evidence, reasons), so
// it is logged.
func (s *Handlers) apiPrivacy(w http.ResponseWriter, r *http.Request) {
	s.answerPrivacy(w, r, http.StatusOK)
}

// answerPrivacy reads the person's register entries through the walls and
// the restriction, logs the view and sends them.
func (s *Handlers) answerPrivacy(w http.ResponseWriter, r *http.Request, status int) {
	c, err := s.ReadContact(r, chi.URLParam(r, "id"))
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	st, err := s.deps.Privacy.Register.Subject(r.Context(), c.ID)
	if err == nil {
		err = s.RecordView(r, []string{c.ID})
	}
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	web.WriteJSON(w, status, privacyOut(st))
}

// apiSubjectWrite serves one privacy API write: the person must be
// visible, the body valid, the command accepted; the answer is the
// register's entries once they show the write.
func (s *Handlers) apiSubjectWrite(status int, decodeRun subjectCommand) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		c, err := s.ReadContact(r, chi.URLParam(r, "id"))
		if err != nil {
			s.WriteProblem(w, r, err)
			return
		}
		res, err := decodeRun(r, s.Actor(r), c.ID)
		if err != nil {
			s.WriteProblem(w, r, err)
			return
		}
		s.awaitRegister(r.Context(), res)
		s.answerPrivacy(w, r, status)
	}
}

func (s *Handlers) apiRecordBasis(r *http.Request, actor journal.Actor, id string) (gdprcmd.SubjectResult, error) {
	var in basisInput
	if err := web.DecodeJSON(r, &in); err != nil {
		return gdprcmd.SubjectResult{}, err
	}
	return s.deps.Privacy.RecordBasis.Handle(r.Context(), in.command(actor, id))
}

func (s *Handlers) apiGiveConsent(r *http.Request, actor journal.Actor, id string) (gdprcmd.SubjectResult, error) {
	var in consentInput
	if err := web.DecodeJSON(r, &in); err != nil {
		return gdprcmd.SubjectResult{}, err
	}
	return s.deps.Privacy.GiveConsent.Handle(r.Context(), in.command(actor, id))
}

func (s *Handlers) apiObject(r *http.Request, actor journal.Actor, id string) (gdprcmd.SubjectResult, error) {
	var in objectionInput
	if err := web.DecodeJSON(r, &in); err != nil {
		return gdprcmd.SubjectResult{}, err
	}
	return s.deps.Privacy.Object.Handle(r.Context(), gdprcmd.RecordObjection{Actor: actor, SubjectID: id,
		To: gdpr.ObjectionTo(in.To), Reason: in.Reason})
}

func (s *Handlers) apiRestrict(r *http.Request, actor journal.Actor, id string) (gdprcmd.SubjectResult, error) {
	var in restrictionInput
	if err := web.DecodeJSON(r, &in); err != nil {
		return gdprcmd.SubjectResult{}, err
	}
	cmd, err := in.command(actor, id)
	if err != nil {
		return gdprcmd.SubjectResult{}, err
	}
	return s.deps.Privacy.Restrict.Handle(r.Context(), cmd)
}

// apiLift takes no body: only the DPO reaches it, and the command records who.
func (s *Handlers) apiLift(r *http.Request, actor journal.Actor, id string) (gdprcmd.SubjectResult, error) {
	return s.deps.Privacy.Lift.Handle(r.Context(), gdprcmd.LiftRestriction{Actor: actor, SubjectID: id})
}
