package requests

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/go-chi/chi/v5"

	gdprcmd "github.com/klient-crm/klient/commands/gdpr"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/http/web"
	gdprmodel "github.com/klient-crm/klient/projections/gdpr"
)

// apiListRequests is GET /api/v1/requests?status=&right=&overdue=true:
// the register, oldest deadline first, a page at a time (web.PageOf). The
// requests of a person walled off from the caller are left out in the
// query.
func (s *Handlers) apiListRequests(w http.ResponseWriter, r *http.Request) {
	f, ok := requestFilter(r.URL.Query())
	if !ok {
		s.WriteProblem(w, r, web.BadRequest(web.ErrMalformed, "status", "dsr.filter.unknown", "unknown status or right"))
		return
	}
	page, err := web.PageOf(r.URL.Query(), "requests")
	if err == nil {
		f.Now, f.Limit = time.Now(), page.ReadLimit()
		f.After, err = web.After[gdprmodel.RequestKey](page)
	}
	var hidden web.HiddenSet
	if err == nil {
		hidden, err = s.Hidden(r)
	}
	for id := range hidden {
		f.Exclude = append(f.Exclude, id)
	}
	var reqs []gdprmodel.Request
	if err == nil {
		reqs, err = s.deps.Register.Requests(r.Context(), f)
	}
	reqs, next := web.Cut(page, reqs, func(q gdprmodel.Request) web.CursorKey { return q.Key() })
	var rows []requestRow
	if err == nil {
		rows, err = s.requestRows(r, reqs)
	}
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	items := make([]RequestJSON, len(rows))
	for i, q := range rows {
		items[i] = requestOut(q)
	}
	web.WriteJSON(w, http.StatusOK, web.PageJSON(items, next))
}

// apiGetRequest is GET /api/v1/requests/{id}.
func (s *Handlers) apiGetRequest(w http.ResponseWriter, r *http.Request) {
	page, err := s.requestView(r, chi.URLParam(r, "id"))
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	w.Header().Set("ETag", web.VersionETag(page.Version))
	web.WriteJSON(w, http.StatusOK, requestOut(page.requestRow))
}

// apiRegisterRequest is POST /api/v1/subjects/{id}/requests: the person
// {id} asked; with verified_how, their identity is recorded as checked.
// Everything is checked before the first write.
func (s *Handlers) apiRegisterRequest(w http.ResponseWriter, r *http.Request) {
	var in NewRequestJSON
	if err := web.DecodeJSON(r, &in); err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	how, err := identityCheck(in.VerifiedHow)
	var res gdprcmd.RequestResult
	if err == nil {
		actor := s.Actor(r)
		res, err = s.deps.Receive.Handle(r.Context(), gdprcmd.ReceiveRequest{Actor: actor, RequestID: in.ID,
			SubjectID: chi.URLParam(r, "id"), Kind: in.Right, ReceivedAt: requestedAt(in.ReceivedAt), Channel: in.Channel,
			RequesterNote: in.RequesterNote})
		if err == nil && how != "" {
			res, err = s.deps.Verify.Handle(r.Context(), gdprcmd.VerifyRequestIdentity{Actor: actor,
				RequestID: res.RequestID, ExpectedVersion: res.Version, How: how})
		}
	}
	if err != nil {
		s.CommandFailed(w, r, err)
		return
	}
	s.Await(r.Context(), requestRegisterProjector, res.Position)
	page, err := s.requestView(r, res.RequestID)
	if err != nil {
		web.WriteJSON(w, http.StatusCreated, RequestJSON{ID: res.RequestID, Version: res.Version})
		return
	}
	w.Header().Set("Location", "/api/v1/requests/"+res.RequestID)
	web.WriteJSON(w, http.StatusCreated, requestOut(page.requestRow))
}

func requestedAt(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return *t
}

// apiSubjectExport is GET /api/v1/subjects/{id}/export: the access and
// portability package as JSON, recorded in the access log as an export;
// its few texts (the withholding grounds) are in the language the client
// asks for (Accept-Language).
func (s *Handlers) apiSubjectExport(w http.ResponseWriter, r *http.Request) {
	s.sendPackage(w, r, chi.URLParam(r, "id"), packageFormats["json"], web.LangOf(r.Context()))
}

// apiEraseRequest is POST /api/v1/requests/{id}/erasure: approve and
// erase. 200 with the certificate's ID once carried out; 409 with the
// hold's grounds and dates when the law holds it back (the person is then
// restricted and the erasure scheduled); other refusals as problems.
func (s *Handlers) apiEraseRequest(w http.ResponseWriter, r *http.Request) {
	page, err := s.requestView(r, chi.URLParam(r, "id"))
	var out erasureOutcome
	if err == nil {
		out, err = s.approveAndErase(r, page.RequestID)
	}
	switch {
	case err != nil && out.Held != nil: // a matter still open: its grounds and matters
		writeProblemJSON(w, HeldProblem{Problem: s.ProblemFor(r, err), Grounds: out.Held.Grounds, MatterIDs: out.Held.MatterIDs})
	case err != nil:
		s.WriteProblem(w, r, err)
	case out.Held != nil:
		p := s.ProblemFor(r, domain.Conflict("erasure is held").WithCode("gdpr.erasure.held"))
		until, on := out.Held.Until, out.Held.DueOn()
		writeProblemJSON(w, HeldProblem{Problem: p, Grounds: out.Held.Grounds, HeldUntil: &until, EraseOn: &on})
	default:
		web.WriteJSON(w, http.StatusOK, ErasureJSON{Status: "erased", CertificateID: out.Result.RequestID,
			Certificate: "/api/v1/erasures/" + out.Result.RequestID + "/certificate"})
	}
}

// writeProblemJSON sends a problem with members of its own.
func writeProblemJSON(w http.ResponseWriter, p HeldProblem) {
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(p.Status)
	_ = json.NewEncoder(w).Encode(p)
}
