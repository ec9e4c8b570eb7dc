package casework

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/communication"
	docpages "github.com/klient-crm/klient/http/casework/documents"
	"github.com/klient-crm/klient/http/i18n"
	"github.com/klient-crm/klient/http/web"
	"github.com/klient-crm/klient/projections/communications"
)

// entryView is one communication as a log shows it, with the people who
// took part named (contacts through the walls).
type entryView struct {
	communications.Entry
	People     []string // staff names
	Contacts   []web.ContactRef
	FollowUpTo string // staff name
	// CorrectHref is the correction form's address when the member may
	// correct the entry.
	CorrectHref string
	// Delivery is the e-mail's state in the outbox when the entry is a
	// letter sent by e-mail ("queued", "sent", "failed"…); empty otherwise.
	Delivery string
	// MayMark: the member may mark the entry as special categories.
	MayMark bool
}

// commFilter is a log's filter as the URL carries it: a kind and dates,
// nothing about anyone.
type commFilter struct {
	Kind, From, To string
}

func filterOf(q url.Values) commFilter {
	return commFilter{Kind: q.Get("kind"), From: q.Get("from"), To: q.Get("to")}
}

// query is the read model's filter: From inclusive, To through its whole
// day in Stockholm. A date that does not parse filters nothing.
func (f commFilter) query() communications.Filter {
	var out communications.Filter
	if k := communication.Kind(f.Kind); k.Valid() {
		out.Kinds = []communication.Kind{k}
	}
	if t, err := time.ParseInLocation(time.DateOnly, f.From, i18n.Stockholm); err == nil {
		out.From = t
	}
	if t, err := time.ParseInLocation(time.DateOnly, f.To, i18n.Stockholm); err == nil {
		out.To = t.AddDate(0, 0, 1)
	}
	out.Limit = 200
	return out
}

// logFilter is the URL's filter for the principal: without the entries
// marked as special categories when they may not read them, in the query,
// so that a page stays whole.
func logFilter(r *http.Request, f commFilter) communications.Filter {
	q := f.query()
	q.WithoutSpecial = !docpages.MaySeeSpecial(r)
	return q
}

// entryViews names the people of entries the principal may see, and
// leaves out entries filed under a matter they may not see, naming a
// contact they are walled from, or marked as special categories when
// their role may not read those (comms_special.go); a marked entry they
// may read is listed without its text. It returns the contacts it shows.
func (s *Handlers) entryViews(r *http.Request, entries []communications.Entry, names map[string]string) ([]entryView, []string, error) {
	var out []entryView
	var subjects []string
	ids := make([]string, 0, len(entries))
	for _, e := range entries {
		ids = append(ids, e.MatterID)
	}
	if err := s.PreloadMatters(r, ids); err != nil {
		return nil, nil, err
	}
	refs, err := s.entryContacts(r, entries)
	if err != nil {
		return nil, nil, err
	}
	for _, e := range entries {
		if e.MatterID != "" {
			if ok, err := s.CanSeeMatter(r, e.MatterID); err != nil || !ok {
				if err != nil {
					return nil, nil, err
				}
				continue
			}
		}
		if hiddenEntry(r, e) {
			continue
		}
		if e.Special {
			e.SubjectLine, e.Body = "", ""
		}
		if v, ok := entryViewOf(e, names, refs); ok {
			v.MayMark = docpages.MaySeeSpecial(r) && !e.Erased && !e.Deleted
			out, subjects = append(out, v), append(subjects, web.Shown(v.Contacts)...)
		}
	}
	return out, subjects, nil
}

func (s *Handlers) entryView(r *http.Request, e communications.Entry, names map[string]string) (entryView, bool, error) {
	refs, err := s.entryContacts(r, []communications.Entry{e})
	if err != nil {
		return entryView{}, false, err
	}
	v, ok := entryViewOf(e, names, refs)
	return v, ok, nil
}

// entryContactIDs are the contacts an entry names: linked ones, then
// participants not linked.
func entryContactIDs(e communications.Entry) []string {
	ids := append([]string(nil), e.ContactIDs...)
	for _, p := range e.Participants {
		if p.Kind != communication.ParticipantStaff && !containsString(ids, p.ID) {
			ids = append(ids, p.ID)
		}
	}
	return ids
}

// entryContacts names the contacts of all entries in one read.
func (s *Handlers) entryContacts(r *http.Request, entries []communications.Entry) (map[string]web.ContactRef, error) {
	var ids []string
	for _, e := range entries {
		ids = append(ids, entryContactIDs(e)...)
	}
	return s.ContactRefsByID(r, ids)
}

// entryViewOf shows e with its people named; false when one of its
// contacts is walled off from the viewer (the entry is then not shown).
func entryViewOf(e communications.Entry, names map[string]string, refs map[string]web.ContactRef) (entryView, bool) {
	v := entryView{Entry: e}
	for _, p := range e.Participants {
		if p.Kind == communication.ParticipantStaff {
			v.People = append(v.People, names[p.ID])
		}
	}
	for _, id := range entryContactIDs(e) {
		c := refs[id]
		if c.Hidden {
			return v, false
		}
		v.Contacts = append(v.Contacts, c)
	}
	if e.FollowUp != nil {
		v.FollowUpTo = names[e.FollowUp.AssignedTo]
	}
	return v, true
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

// errNoSuchEntry is what a log entry one may not see looks like.
var errNoSuchEntry = domain.NotFound("there is no such entry in the communication log").WithCode("communication.not_found")

// participantChoices offers the page's contacts and staff as participants.
func participantChoices(f web.FormState, contacts []web.ContactRef, staff []web.StaffOption) []web.Choice {
	var out []web.Choice
	for _, c := range contacts {
		if !c.Hidden && !c.Erased {
			v := "contact:" + c.ID
			out = append(out, web.Choice{Value: v, Label: c.Name, Checked: f.Has("participants", v)})
		}
	}
	for _, m := range staff {
		v := "staff:" + m.ID
		out = append(out, web.Choice{Value: v, Label: m.Name, Checked: f.Has("participants", v)})
	}
	return out
}

// LogAction and FilterAction are where the log's forms go, for the
// shared templates.
func (p matterPage) LogAction() string    { return "/matters/" + p.Matter.ID + "/communications" }
func (p matterPage) FilterAction() string { return p.LogAction() }

func (p contactCommsPage) LogAction() string    { return "/contacts/" + p.ContactID + "/communications" }
func (p contactCommsPage) FilterAction() string { return p.LogAction() }
