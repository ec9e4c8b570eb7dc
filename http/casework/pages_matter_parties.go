package casework

import (
	"context"
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/klient-crm/klient/commands/journal"
	mattercmd "github.com/klient-crm/klient/commands/matter"
	"github.com/klient-crm/klient/domain/matter"
	"github.com/klient-crm/klient/http/i18n"
	"github.com/klient-crm/klient/http/web"
	"github.com/klient-crm/klient/projections/matters"
)

// searchParty shows the parties tab with the contacts that match the
// add-party form's search, to choose from.
func (s *Handlers) searchParty(w http.ResponseWriter, r *http.Request) {
	if !s.ParseForm(w, r) {
		return
	}
	found, err := s.searchContactsFor(r, r.PostForm.Get("party_q"))
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	page := matterPage{Form: web.FormState{Values: r.PostForm}}
	page.Candidates, page.Searched = found, true
	s.renderMatter(w, r, http.StatusOK, page)
}

// addParty adds the chosen contact in the chosen role.
func (s *Handlers) addParty(w http.ResponseWriter, r *http.Request) {
	s.changeMatter(w, r, "party", func(a journal.Actor, id string, v uint64) (mattercmd.MatterResult, error) {
		f := r.PostForm
		return s.deps.Matters.Parties.HandleAdd(r.Context(), mattercmd.AddMatterParty{Actor: a, MatterID: id,
			ExpectedVersion: v, Party: mattercmd.MatterParty{ContactID: f.Get("contact_id"),
				Role: matter.PartyRole(f.Get("role")), Note: f.Get("note")}})
	})
}

// changePartyRole gives a party another role; its note stays as it was.
func (s *Handlers) changePartyRole(w http.ResponseWriter, r *http.Request) {
	s.changeMatter(w, r, "party", func(a journal.Actor, id string, v uint64) (mattercmd.MatterResult, error) {
		f := r.PostForm
		return s.deps.Matters.Parties.HandleRole(r.Context(), mattercmd.ChangeMatterPartyRole{Actor: a,
			MatterID: id, ExpectedVersion: v, PartyID: chi.URLParam(r, "party"),
			Role: matter.PartyRole(f.Get("role")), Note: f.Get("note")})
	})
}

// removeParty takes a party off the matter.
func (s *Handlers) removeParty(w http.ResponseWriter, r *http.Request) {
	s.changeMatter(w, r, "party", func(a journal.Actor, id string, v uint64) (mattercmd.MatterResult, error) {
		return s.deps.Matters.Parties.HandleRemove(r.Context(), mattercmd.RemoveMatterParty{Actor: a,
			MatterID: id, ExpectedVersion: v, PartyID: chi.URLParam(r, "party")})
	})
}

// activateMatter opens an intake whose current conflict check was cleared
// or waived; without one it is refused and the page says why.
func (s *Handlers) activateMatter(w http.ResponseWriter, r *http.Request) {
	s.changeMatter(w, r, "activated", s.lifecycle(r, MatterLifecycle.HandleActivate))
}

func (s *Handlers) closeMatter(w http.ResponseWriter, r *http.Request) {
	s.changeMatter(w, r, "closed", s.lifecycle(r, MatterLifecycle.HandleClose))
}

func (s *Handlers) reopenMatter(w http.ResponseWriter, r *http.Request) {
	s.changeMatter(w, r, "reopened", s.lifecycle(r, MatterLifecycle.HandleReopen))
}

// archiveMatter puts a closed matter away for good; any other status is
// refused and the page says why.
func (s *Handlers) archiveMatter(w http.ResponseWriter, r *http.Request) {
	s.changeMatter(w, r, "archived", s.lifecycle(r, MatterLifecycle.HandleArchive))
}

type lifecycleStep func(MatterLifecycle, context.Context, mattercmd.ChangeMatterStatus) (mattercmd.MatterResult, error)

// lifecycle runs one status change; a reopening gives the form's reason.
func (s *Handlers) lifecycle(r *http.Request, step lifecycleStep) matterChange {
	return func(a journal.Actor, id string, v uint64) (mattercmd.MatterResult, error) {
		return step(s.deps.Matters.Lifecycle, r.Context(), mattercmd.ChangeMatterStatus{
			Actor: a, MatterID: id, ExpectedVersion: v, Reason: r.PostForm.Get("reason")})
	}
}

// matterChange is one command on the matter from the version the page
// showed.
type matterChange func(a journal.Actor, matterID string, version uint64) (mattercmd.MatterResult, error)

// changeMatter runs change on the page's matter and goes back to the
// parties tab saying done; a refusal shows the tab with why.
func (s *Handlers) changeMatter(w http.ResponseWriter, r *http.Request, done string, change matterChange) {
	if !s.ParseForm(w, r) {
		return
	}
	m := web.MatterOf(r)
	version, err := web.VersionOf(r.PostForm)
	var res mattercmd.MatterResult
	if err == nil {
		res, err = change(s.Actor(r), m.ID, version)
	}
	if err != nil {
		s.matterFormFailed(w, r, "", err)
		return
	}
	s.awaitMatter(r.Context(), res)
	http.Redirect(w, r, "/matters/"+m.ID+"?done="+done, http.StatusSeeOther)
}

// The questions asked before the matter's irreversible actions: the
// matter named by number and title, the party or colleague by name.

func (s *Handlers) askArchive(r *http.Request) (*web.Confirmation, error) {
	return matterQuestion(r, "confirm.matter.archive"), nil
}

func (s *Handlers) askClose(r *http.Request) (*web.Confirmation, error) {
	return matterQuestion(r, "confirm.matter.close"), nil
}

// askDecline asks only before a declined engagement, which is final; the
// other decisions can be followed by another check.
func (s *Handlers) askDecline(r *http.Request) (*web.Confirmation, error) {
	if matter.ConflictDecision(r.PostForm.Get("decision")) != matter.DecisionDeclined {
		return nil, nil
	}
	return matterQuestion(r, "confirm.matter.decline"), nil
}

// askRemoveParty names the party as the parties tab does (a walled one as
// hidden); a party the matter does not have is left to the command to
// refuse.
func (s *Handlers) askRemoveParty(r *http.Request) (*web.Confirmation, error) {
	m := web.MatterOf(r)
	parties, err := s.deps.MatterReads.Parties(r.Context(), m.ID)
	if err != nil {
		return nil, err
	}
	for _, p := range parties {
		if p.PartyID != chi.URLParam(r, "party") {
			continue
		}
		refs, err := s.ContactRefs(r, []string{p.ContactID})
		if err != nil {
			return nil, err
		}
		lang := web.LangOf(r.Context())
		c := matterQuestion(r, "confirm.matter.remove_party")
		c.Args = append([]any{contactLabel(lang, refs[0]), i18n.T(lang, "matters.role."+string(p.Role))}, c.Args...)
		c.Subjects = web.Shown(refs)
		return c, nil
	}
	return nil, nil
}

// matterQuestion is key's question about the request's matter: its
// number and title fill the last two places.
func matterQuestion(r *http.Request, key string) *web.Confirmation {
	m := web.MatterOf(r)
	return &web.Confirmation{Question: key, Args: []any{m.Number, matterTitle(web.LangOf(r.Context()), m)},
		Consequence: key + ".consequence", Button: key + ".button", Back: "/matters/" + m.ID}
}

// matterTitle is the matter's title, or that it was erased.
func matterTitle(lang i18n.Lang, m matters.Matter) string {
	if m.Erased || m.Title == "" {
		return i18n.T(lang, "matters.erased")
	}
	return m.Title
}

// contactLabel is a contact as a sentence names them: by name, as erased,
// or as hidden behind a wall.
func contactLabel(lang i18n.Lang, c web.ContactRef) string {
	switch {
	case c.Hidden:
		return i18n.T(lang, "casework.hidden_contact")
	case c.Erased:
		return i18n.T(lang, "contact.erased.name")
	}
	return c.Name
}
