package casework

import (
	"net/http"

	"github.com/klient-crm/klient/commands/journal"
	mattercmd "github.com/klient-crm/klient/commands/matter"
	"github.com/klient-crm/klient/domain/matter"
	"github.com/klient-crm/klient/http/web"
)

// patchMatterRequest changes a matter's details: fields left out keep
// their value. The version comes in If-Match or the version field.
type patchMatterRequest struct {
	Version      *uint64 `json:"version,omitempty"`
	Title        *string `json:"title,omitempty"`
	Description  *string `json:"description,omitempty"`
	PracticeArea *string `json:"practice_area,omitempty"`
}

// apiPatchMatter is PATCH /api/v1/matters/{id}. A stale version is a 409
// ("changed by someone else, reload") and nothing is written.
func (s *Handlers) apiPatchMatter(w http.ResponseWriter, r *http.Request) {
	var req patchMatterRequest
	if err := web.DecodeJSON(r, &req); err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	version, err := web.ExpectedVersion(r.Header.Get("If-Match"), req.Version)
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	m := web.MatterOf(r)
	cmd := mattercmd.ChangeMatterDetails{Actor: s.Actor(r), MatterID: m.ID, ExpectedVersion: version,
		Title: or(req.Title, m.Title), Description: or(req.Description, m.Description),
		PracticeArea: or(req.PracticeArea, m.PracticeArea)}
	res, err := s.deps.Matters.Details.HandleDetails(r.Context(), cmd)
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	s.awaitMatter(r.Context(), res)
	s.writeMatter(w, r, http.StatusOK, res)
}

func or(v *string, fallback string) string {
	if v == nil {
		return fallback
	}
	return *v
}

// apiListParties is GET /api/v1/matters/{id}/parties.
func (s *Handlers) apiListParties(w http.ResponseWriter, r *http.Request) {
	m := web.MatterOf(r)
	parties, err := s.deps.MatterReads.Parties(r.Context(), m.ID)
	var hidden web.HiddenSet
	if err == nil {
		hidden, err = s.Hidden(r)
	}
	items := make([]PartyJSON, 0, len(parties))
	ids := []string{matter.Subject(m.ID)}
	for _, p := range parties {
		if hidden.Has(p.ContactID) {
			items = append(items, PartyJSON{Role: p.Role, Hidden: true})
			continue
		}
		items = append(items, PartyJSON{PartyID: p.PartyID, ContactID: p.ContactID, Role: p.Role, Note: p.Note})
		ids = append(ids, p.ContactID)
	}
	if err == nil {
		err = s.RecordView(r, ids)
	}
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	w.Header().Set("ETag", web.VersionETag(m.Version))
	web.WriteJSON(w, http.StatusOK, map[string]any{"items": items})
}

// apiAddParty is POST /api/v1/matters/{id}/parties.
func (s *Handlers) apiAddParty(w http.ResponseWriter, r *http.Request) {
	var req partyRequest
	if err := web.DecodeJSON(r, &req); err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	s.apiChangeMatter(w, r, req.Version, http.StatusCreated, func(a journal.Actor, id string, v uint64) (mattercmd.MatterResult, error) {
		return s.deps.Matters.Parties.HandleAdd(r.Context(), mattercmd.AddMatterParty{Actor: a, MatterID: id,
			ExpectedVersion: v, Party: mattercmd.MatterParty{ContactID: req.ContactID, Role: req.Role, Note: req.Note}})
	})
}

// apiActivateMatter is POST /api/v1/matters/{id}/activate: an intake
// opens only after a current conflict check cleared or waived it.
func (s *Handlers) apiActivateMatter(w http.ResponseWriter, r *http.Request) {
	s.apiLifecycle(w, r, MatterLifecycle.HandleActivate)
}

// apiLifecycle runs one status change from the version in If-Match or
// the optional body.
func (s *Handlers) apiLifecycle(w http.ResponseWriter, r *http.Request, step lifecycleStep) {
	var req struct {
		Version *uint64 `json:"version,omitempty"`
	}
	if r.ContentLength != 0 {
		if err := web.DecodeJSON(r, &req); err != nil {
			s.WriteProblem(w, r, err)
			return
		}
	}
	s.apiChangeMatter(w, r, req.Version, http.StatusOK, s.lifecycle(r, step))
}

// apiChangeMatter runs change from the version in If-Match or the body.
func (s *Handlers) apiChangeMatter(w http.ResponseWriter, r *http.Request, field *uint64, status int, change matterChange) {
	version, err := web.ExpectedVersion(r.Header.Get("If-Match"), field)
	var res mattercmd.MatterResult
	if err == nil {
		res, err = change(s.Actor(r), web.MatterOf(r).ID, version)
	}
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	s.awaitMatter(r.Context(), res)
	s.writeMatter(w, r, status, res)
}
