package casework

import (
	"net/http"

	"github.com/klient-crm/klient/domain/communication"
	"github.com/klient-crm/klient/domain/matter"
	workdomain "github.com/klient-crm/klient/domain/work"
	docpages "github.com/klient-crm/klient/http/casework/documents"
	"github.com/klient-crm/klient/http/web"
	"github.com/klient-crm/klient/projections/matters"
)

// matterTabData is what the tabs show; each tab fills its own part.
type matterTabData struct {
	Parties       []partyView
	Roles         []matter.PartyRole
	Checks        []checkView
	Candidates    []web.ContactRef
	Searched      bool
	Comms         []entryView
	Filter        commFilter
	Kinds         []communication.Kind
	Participants  []web.Choice
	Assignees     []web.Choice
	Menu          *assigneeMenu // the task rows' reassign choice
	Docs          []docpages.DocView
	Tasks         []taskView
	Priorities    []workdomain.Priority
	Deadlines     []deadlineView
	DeadlineKinds []workdomain.DeadlineKind
	History       []historyRow
	Notes         []noteView
}

// partyView is one party with its contact named through the walls.
type partyView struct {
	matters.Party
	Contact web.ContactRef
}

// checkView is one recorded conflict check.
type checkView struct {
	matters.ConflictCheck
	DecidedByName string
}

// loadTab fills the page's tab and returns the contacts it shows.
func (s *Handlers) loadTab(r *http.Request, page *matterPage, names map[string]string) ([]string, error) {
	switch page.Tab {
	case "communications":
		return s.loadCommunications(r, page, names)
	case "documents":
		var err error
		page.Docs, err = s.docs.ForMatter(r, page.Matter.ID, names)
		return nil, err
	case "tasks":
		return nil, s.loadTasks(r, page, names)
	case "deadlines":
		return nil, s.loadDeadlines(r, page, names)
	case "history":
		return s.loadHistory(r, page, names)
	case "notes":
		return nil, s.loadNotes(r, page, names)
	}
	return s.loadParties(r, page, names)
}

// loadParties fills the parties tab: the parties, the recorded conflict
// checks and what the add-party form offers.
func (s *Handlers) loadParties(r *http.Request, page *matterPage, names map[string]string) ([]string, error) {
	reads := s.deps.MatterReads
	parties, err := reads.Parties(r.Context(), page.Matter.ID)
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(parties))
	for i, p := range parties {
		ids[i] = p.ContactID
	}
	refs, err := s.ContactRefs(r, ids)
	if err != nil {
		return nil, err
	}
	for i, p := range parties {
		page.Parties = append(page.Parties, partyView{Party: p, Contact: refs[i]})
	}
	checks, err := reads.ConflictChecks(r.Context(), page.Matter.ID)
	for _, c := range checks {
		page.Checks = append(page.Checks, checkView{ConflictCheck: c, DecidedByName: names[c.DecidedBy]})
	}
	page.Roles = matter.Roles
	return append(web.Shown(refs), web.Shown(page.Candidates)...), err
}
