package casework

import (
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/google/uuid"

	mattercmd "github.com/klient-crm/klient/commands/matter"
	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/domain/matter"
	"github.com/klient-crm/klient/http/web"
	"github.com/klient-crm/klient/projections/contacts"
)

// intakePage is the view of the intake form: a new matter with its client.
// The client is found with a search inside the form (a POST, so the words
// stay out of the URL) and chosen from the results.
type intakePage struct {
	Form       web.FormState
	Areas      []string
	Lawyers    []web.StaffOption
	Members    []web.StaffOption
	Teams      []web.TeamChoice
	Candidates []web.ContactRef
	Searched   bool
}

// newMatter shows the empty form with a fresh matter ID (a resent form
// opens one matter), the member as responsible when a lawyer, and the
// client when the link came from a contact's page (and names one the
// member may see).
func (s *Handlers) newMatter(w http.ResponseWriter, r *http.Request) {
	p, _ := web.PrincipalOf(r.Context())
	f := url.Values{"matter_id": {uuid.Must(uuid.NewV7()).String()}}
	if slices.Contains(p.Roles, access.RoleLawyer) {
		f.Set("responsible_lawyer", p.StaffID)
	}
	// Only a client the member may see is filled in: an unknown, walled or
	// restricted ID leaves the choice empty, one answer for all three.
	if c, err := s.ReadContact(r, r.URL.Query().Get("client")); err == nil {
		f.Set("client_id", c.ID)
	}
	s.showIntake(w, r, http.StatusOK, intakePage{Form: web.FormState{Values: f}})
}

// searchIntakeClient shows the form again with the contacts that match
// its client search.
func (s *Handlers) searchIntakeClient(w http.ResponseWriter, r *http.Request) {
	if !s.ParseForm(w, r) {
		return
	}
	page := intakePage{Form: web.FormState{Values: r.PostForm}, Searched: true}
	found, err := s.searchContactsFor(r, r.PostForm.Get("client_q"))
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	page.Candidates = found
	s.showIntake(w, r, http.StatusOK, page)
}

// searchContactsFor finds contacts through the walls for a party choice.
func (s *Handlers) searchContactsFor(r *http.Request, q string) ([]web.ContactRef, error) {
	dir, err := s.Contacts(r)
	if err != nil || strings.TrimSpace(q) == "" {
		return nil, err
	}
	found, err := dir.Search(r.Context(), strings.TrimSpace(q), contacts.Options{Limit: 20})
	refs := make([]web.ContactRef, len(found))
	for i, c := range found {
		refs[i] = web.ContactRef{ID: c.ID, Name: c.DisplayName, Erased: c.Erased}
	}
	return refs, err
}

// createMatter takes the matter in (status intake) with its client; the
// member who takes it in joins its team, so they can go on with it.
func (s *Handlers) createMatter(w http.ResponseWriter, r *http.Request) {
	if !s.ParseForm(w, r) {
		return
	}
	f := r.PostForm
	res, err := s.deps.Matters.Open.Handle(r.Context(), s.openingOf(r, f))
	if err != nil {
		page := intakePage{}
		var status int
		var ok bool
		if page.Form, status, ok = s.FailedForm(r, err, "/matters/new"); !ok {
			s.Fail(w, r, err)
			return
		}
		s.showIntake(w, r, status, page)
		return
	}
	s.awaitMatter(r.Context(), res)
	http.Redirect(w, r, "/matters/"+res.MatterID+"?done=created", http.StatusSeeOther)
}

func (s *Handlers) openingOf(r *http.Request, f url.Values) mattercmd.OpenMatter {
	actor := s.Actor(r)
	members := f["members"]
	if f.Get("responsible_lawyer") != actor.ID && !slices.Contains(members, actor.ID) {
		members = append(members, actor.ID)
	}
	cmd := mattercmd.OpenMatter{Actor: actor, MatterID: f.Get("matter_id"), Title: f.Get("title"),
		Description: f.Get("description"), PracticeArea: f.Get("practice_area"),
		ResponsibleLawyer: f.Get("responsible_lawyer"), Members: members, Teams: f["teams"]}
	if c := f.Get("client_id"); c != "" {
		cmd.Parties = []mattercmd.MatterParty{{ContactID: c, Role: matter.RoleClient}}
	}
	return cmd
}

// showIntake fills the form's choices, names the chosen client and logs
// the contacts it shows.
func (s *Handlers) showIntake(w http.ResponseWriter, r *http.Request, status int, page intakePage) {
	members, err := s.ActiveStaff(r)
	var teams []string
	if err == nil {
		teams, err = s.Shared().Staff.Teams(r.Context())
	}
	chosen := page.Form.Get("client_id")
	if err == nil && chosen != "" && !web.ContainsRef(page.Candidates, chosen) {
		var refs []web.ContactRef
		refs, err = s.ContactRefs(r, []string{chosen})
		page.Candidates = append(refs, page.Candidates...)
	}
	if err == nil {
		err = s.RecordView(r, web.Shown(page.Candidates))
	}
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	page.Areas = s.deps.Matters.PracticeAreas()
	page.Lawyers = web.StaffOptions(members, true, page.Form.Get("responsible_lawyer"))
	page.Members = web.StaffOptions(web.MatterStaff(members), false, page.Form.Values["members"]...)
	page.Teams = web.TeamChoices(teams, page.Form.Values["teams"], page.Areas)
	s.RenderPage(w, r, status, "matter_intake", page)
}
