package loaddrive

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

func (s *staffSession) matterList() {
	if a, ok := s.measure(pageMatters, http.MethodGet, "/matters", nil); ok {
		if ids := linkedIDs(a.body, "/matters/"); len(ids) > 0 {
			s.matters = ids
		}
	}
}

// matterPage opens one of the matters the list showed and keeps the
// conflict-check form it offers (a lawyer's, on a matter in intake or open).
func (s *staffSession) matterPage() {
	s.matter = matterVisit{}
	if len(s.matters) == 0 {
		return
	}
	id := s.matters[s.rng.IntN(len(s.matters))]
	if a, ok := s.measure(pageMatter, http.MethodGet, "/matters/"+id, nil); ok {
		s.matter.id = id
		if f := formFields(a.body, `/conflict-check"`); f != nil {
			s.matter.checkVersion = f.Get("version")
		}
	}
}

func (s *staffSession) communications() {
	if s.matter.id == "" {
		return
	}
	if a, ok := s.measure(pageComms, http.MethodGet, "/matters/"+s.matter.id+"/communications", nil); ok {
		s.matter.logForm = formFields(a.body, `id="log-form"`)
	}
}

// logCommunication logs a call through the tab's form as it came (its
// entry ID, time and participants) and times it until the page the
// server redirects to shows the entry: the read-your-writes wait. An
// answer that does not show it counts as failed.
func (s *staffSession) logCommunication() {
	f := s.matter.logForm
	if f == nil {
		return
	}
	s.matter.logForm = nil // the form's entry ID logs once
	subject := fmt.Sprintf("Lasttest %s samtal %s", s.who, f.Get("communication_id"))
	f.Set("subject", subject)
	f.Set("body", "Uppföljning av sidmätningen; inget att åtgärda.")
	a, err := s.exchange(http.MethodPost, "/matters/"+s.matter.id+"/communications", f)
	if err == nil && (a.at.Query().Get("done") != "logged" || !strings.Contains(a.body, subject)) {
		err = fmt.Errorf("the page after logging (%s) does not show the entry", a.at.Path)
	}
	s.rep.record(s.ctx, pageLogged, a.took, err)
}

func (s *staffSession) conflictCheck() {
	if s.matter.id == "" || s.matter.checkVersion == "" {
		return
	}
	s.measure(pageConflict, http.MethodPost, "/matters/"+s.matter.id+"/conflict-check",
		url.Values{"version": {s.matter.checkVersion}})
}

// prepare reads, for every member, the contact list (words to search for,
// contacts to open), unmeasured; then each account that sees no matter
// opens one through the intake form, so that every page kind has
// something to show. Accounts go one at a time: members sharing one would
// otherwise all open a matter.
func (r *PagesReport) prepare(staff []*staffSession) error {
	for _, s := range staff {
		a, err := s.exchange(http.MethodGet, "/contacts", nil)
		if err != nil {
			return fmt.Errorf("loadtest --pages: the contact list as %s: %w", s.account.email, err)
		}
		s.contacts, s.terms = linkedIDs(a.body, "/contacts/"), searchTerms(a.body)
		if len(s.terms) == 0 {
			return fmt.Errorf("loadtest --pages: %s sees no contacts to search for; add some (klient demo-data)", s.account.email)
		}
	}
	seen := map[string]bool{}
	for _, s := range staff {
		if seen[s.account.email] {
			continue
		}
		seen[s.account.email] = true
		opened, err := s.openMatterIfNone()
		if err != nil {
			return fmt.Errorf("loadtest --pages: opening a matter to measure as %s: %w", s.account.email, err)
		}
		if opened {
			r.opened++
		}
	}
	return nil
}

// openMatterIfNone takes a matter in through the intake form, the member
// as responsible lawyer and a listed contact as client, when the matter
// list shows the member none.
func (s *staffSession) openMatterIfNone() (bool, error) {
	list, err := s.exchange(http.MethodGet, "/matters", nil)
	if err != nil || len(linkedIDs(list.body, "/matters/")) > 0 {
		return false, err
	}
	intake, err := s.exchange(http.MethodGet, "/matters/new", nil)
	if err != nil {
		return false, err
	}
	f, areas := formFields(intake.body, `action="/matters"`), selectOptions(intake.body, "practice_area")
	if f == nil || f.Get("responsible_lawyer") == "" || len(areas) == 0 {
		return false, errors.New("the intake form offers no lawyer or practice area: the account needs the lawyer role")
	}
	f.Del("client_q")
	f.Set("title", "Lasttest: ärende för sidmätning")
	f.Set("practice_area", areas[0])
	f.Set("client_id", s.contacts[0])
	opened, err := s.exchange(http.MethodPost, "/matters", f)
	if err == nil && opened.at.Query().Get("done") != "created" {
		err = fmt.Errorf("the intake form answered with %s instead of the new matter", opened.at.Path)
	}
	return err == nil, err
}
