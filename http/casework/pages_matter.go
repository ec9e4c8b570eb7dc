package casework

import (
	"net/http"

	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/domain/communication"
	"github.com/klient-crm/klient/domain/matter"
	workdomain "github.com/klient-crm/klient/domain/work"
	docpages "github.com/klient-crm/klient/http/casework/documents"
	"github.com/klient-crm/klient/http/web"
	"github.com/klient-crm/klient/projections/matters"
)

// matterPage is the view of one matter: its head, one tab, and the tab's
// form as sent when it failed.
type matterPage struct {
	Matter  matters.Matter
	Tab     string
	Tabs    []matterTab
	Lawyer  string
	Members []string // names
	Can     matterAbilities
	Done    string // catalogue key
	Form    web.FormState
	// RowAlert says why an action on one row of a list (a task, a
	// deadline) was refused; Form belongs to the tab's own form.
	RowAlert web.FormState
	Staff    []web.StaffOption // every active member: assignees, the responsible for a deadline
	Viewers  []web.StaffOption // those whose roles see matters: the team panel's choices
	Teams    []string
	areas    []string // the firm's practice areas, which name teams
	matterTabData
}

// TeamName is a team as the page names it.
func (p matterPage) TeamName(team string) string { return web.TeamName(team, p.areas) }

// matterAbilities are the buttons the member's roles open on this matter.
type matterAbilities struct {
	Edit, Decide, Close, Log, Upload, Download, Tasks, Deadlines bool
	DueDiligence                                                 bool // the record's own page (http/cdd)
}

// matterTab is one tab of the page; tabs are plain links.
type matterTab struct {
	Slug, Key, Href string
	Current         bool
}

// matterTabs are the tabs in the order shown; "" is the parties tab at
// the matter's own address.
var matterTabs = []struct{ slug, key string }{
	{"", "matters.tab.parties"}, {"notes", "matters.tab.notes"}, {"communications", "matters.tab.communications"},
	{"documents", "matters.tab.documents"}, {"tasks", "matters.tab.tasks"},
	{"deadlines", "matters.tab.deadlines"}, {"history", "matters.tab.history"},
}

// matterTabPage serves GET /matters/{id}[/tab].
func (s *Handlers) matterTabPage(tab string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		page := matterPage{Tab: tab, Done: matterDone[r.URL.Query().Get("done")]}
		s.renderMatter(w, r, http.StatusOK, page)
	}
}

// renderMatter fills the head and the tab, logs whose data the page
// shows, and renders it.
func (s *Handlers) renderMatter(w http.ResponseWriter, r *http.Request, status int, page matterPage) {
	m := web.MatterOf(r)
	page.Matter, page.Can = m, abilitiesOf(r, m)
	for _, t := range matterTabs {
		href := "/matters/" + m.ID
		if t.slug != "" {
			href += "/" + t.slug
		}
		page.Tabs = append(page.Tabs, matterTab{Slug: t.slug, Key: t.key, Href: href, Current: t.slug == page.Tab})
	}
	subjects, err := s.fillMatter(r, &page)
	if err == nil {
		err = s.RecordView(r, append([]string{matter.Subject(m.ID)}, subjects...))
	}
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	s.RenderPage(w, r, status, "matter", page)
}

// fillMatter loads the names in the head and the tab's own data, and
// returns the contacts it shows.
func (s *Handlers) fillMatter(r *http.Request, page *matterPage) ([]string, error) {
	members, err := s.ActiveStaff(r)
	if err != nil {
		return nil, err
	}
	names := web.NamesOf(members)
	page.Lawyer = names[page.Matter.ResponsibleLawyer]
	for _, id := range page.Matter.TeamMembers {
		page.Members = append(page.Members, names[id])
	}
	page.Staff = web.StaffOptions(members, false)
	page.Viewers = web.StaffOptions(web.MatterStaff(members), false)
	page.areas = s.deps.Matters.PracticeAreas()
	if page.Teams, err = s.Shared().Staff.Teams(r.Context()); err != nil {
		return nil, err
	}
	return s.loadTab(r, page, names)
}

func abilitiesOf(r *http.Request, m matters.Matter) matterAbilities {
	p, _ := web.PrincipalOf(r.Context())
	live := !m.Erased && m.Status != matter.StatusArchived
	return matterAbilities{
		Edit: live && p.Can(access.MatterEdit), Decide: live && p.Can(access.MatterConflictDecide),
		Close: live && p.Can(access.MatterClose), Log: live && p.Can(access.CommunicationLog),
		Upload: live && p.Can(access.DocumentUpload), Download: p.Can(access.DocumentDownload),
		Tasks: live && p.Can(access.TaskManage), Deadlines: live && p.Can(access.DeadlineManage),
		DueDiligence: !m.Erased && p.Can(access.CDDRecord),
	}
}

// matterDone are the confirmations a redirect after a write may ask for.
var matterDone = map[string]string{
	"created": "matters.done.created", "saved": "matters.done.saved", "party": "matters.done.party",
	"decided": "matters.done.decided", "activated": "matters.done.activated", "closed": "matters.done.closed",
	"reopened": "matters.done.reopened", "logged": "comms.done.logged", "uploaded": "docs.done.uploaded",
	"task": "tasks.done.created", "completed": "tasks.done.completed", "deadline": "deadlines.done.set",
	"met": "deadlines.done.met", "team": "matters.done.team",
	"noted": "matters.done.noted", "archived": "matters.done.archived", "task_saved": "tasks.done.saved",
	"started": "tasks.done.started", "cancelled": "tasks.done.cancelled", "task_reopened": "tasks.done.reopened",
	"moved": "deadlines.done.moved", "deadline_cancelled": "deadlines.done.cancelled", "corrected": "comms.done.corrected",
	"letter_sent": "letters.done.sent", "mail_filed": "mailin.done.filed", "automatic_saved": "automail.done.saved", "mail_held_discarded": "mailin.done.discarded",
}

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
