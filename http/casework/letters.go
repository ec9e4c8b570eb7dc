package casework

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/google/uuid"

	commcmd "github.com/klient-crm/klient/commands/communication"
	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/communication"
	workdomain "github.com/klient-crm/klient/domain/work"
	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/http/i18n"
	"github.com/klient-crm/klient/http/web"
	"github.com/klient-crm/klient/projections/contacts"
	"github.com/klient-crm/klient/projections/matters"
	"github.com/klient-crm/klient/projections/outbox"
)

// LetterTemplateSource is (*commcmd.Communications).LoadLetterTemplates:
// the firm's letter templates, read from their stream.
type LetterTemplateSource interface {
	LoadLetterTemplates(ctx context.Context) (*communication.LetterTemplates, journal.Span, error)
}

// LetterCommands send letters from templates.
type LetterCommands struct {
	Send      web.Handles[commcmd.SendLetter, commcmd.CommunicationResult]
	Templates LetterTemplateSource
	// Deliveries reads what became of each e-mail (the outbox).
	Deliveries *outbox.Deliveries
	// Automatic reads and sets a matter's automatic messages.
	Automatic AutomaticMessages
}

// AutomaticMessages is (*commcmd.AutomaticMessagesHandler).
type AutomaticMessages interface {
	Load(ctx context.Context, matterID string) (*communication.Automatic, journal.Span, error)
	Handle(ctx context.Context, cmd commcmd.SetAutomaticMessages) (eventstore.Position, error)
}

// withDeliveries marks each entry that a letter by e-mail made with its
// e-mail's state: the per-recipient record of send, failure and bounce.
func (s *Handlers) withDeliveries(r *http.Request, matterID string, views []entryView) error {
	list, err := s.deps.Letters.Deliveries.ForMatter(r.Context(), matterID, 500)
	if err != nil {
		return err
	}
	state := make(map[string]string, len(list))
	for _, d := range list {
		state[d.MailID] = d.Status
	}
	for i := range views {
		views[i].Delivery = state[views[i].ID]
	}
	return nil
}

// letterPage is the letter form of one matter: a template, a recipient
// among the matter's parties and a channel; with both chosen, the letter
// as it will go, rendered against this matter.
type letterPage struct {
	Matter     matters.Matter
	Templates  []*communication.LetterTemplate
	Recipients []web.ContactRef
	Form       web.FormState
	Preview    *letterPreview
}

// letterPreview is the rendered letter and what sending it needs.
type letterPreview struct {
	Subject, Body string
	To            web.ContactRef
	Email         string // the address an e-mail goes to; empty: none
	Protected     bool   // protected identity: the address must not reach anyone else
	Revision      uint64
	EntryID       string // a fresh log entry ID: a resent form sends once
}

// letterChoice is what the form chose; its fields are IDs only, so the
// preview's GET carries nothing personal in its URL.
type letterChoice struct {
	Template, Recipient string
	Channel             commcmd.Channel
	Revision            *uint64
}

func choiceOf(v url.Values) letterChoice {
	c := letterChoice{Template: v.Get("template"), Recipient: v.Get("recipient"), Channel: commcmd.Channel(v.Get("channel"))}
	if c.Channel != commcmd.ChannelPost {
		c.Channel = commcmd.ChannelEmail
	}
	if rev, err := web.VersionOf(url.Values{"version": {v.Get("revision")}}); err == nil && v.Get("revision") != "" {
		c.Revision = &rev
	}
	return c
}

// letterForm serves GET /matters/{id}/letter: the form, and the preview
// once a template and a recipient are chosen.
func (s *Handlers) letterForm(w http.ResponseWriter, r *http.Request) {
	c := choiceOf(r.URL.Query())
	page, err := s.letterPage(r, c, web.FormState{Values: r.URL.Query()})
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	s.showLetter(w, r, http.StatusOK, page)
}

func (s *Handlers) showLetter(w http.ResponseWriter, r *http.Request, status int, page letterPage) {
	subjects := web.Shown(page.Recipients)
	if err := s.RecordView(r, append(subjects, communication.MatterSubject(page.Matter.ID))); err != nil {
		s.Fail(w, r, err)
		return
	}
	s.RenderPage(w, r, status, "matter_letter", page)
}

// letterPage gathers the form's choices and, when c names a template and
// a recipient, renders the preview.
func (s *Handlers) letterPage(r *http.Request, c letterChoice, f web.FormState) (letterPage, error) {
	m := web.MatterOf(r)
	page := letterPage{Matter: m, Form: f}
	all, _, err := s.deps.Letters.Templates.LoadLetterTemplates(r.Context())
	if err != nil {
		return page, err
	}
	for _, t := range all.List() {
		if !t.Retired() {
			page.Templates = append(page.Templates, t)
		}
	}
	refs, err := s.partyRefs(r, m.ID)
	if err != nil {
		return page, err
	}
	for _, ref := range refs {
		if !ref.Hidden && !ref.Erased {
			page.Recipients = append(page.Recipients, ref)
		}
	}
	if c.Template == "" || c.Recipient == "" {
		return page, nil
	}
	page.Preview, err = s.renderLetter(r, m, page.Recipients, all, c)
	return page, err
}

var (
	errNoSuchTemplate  = domain.Invalid("template", "there is no such template").WithCode("letter.template.not_found")
	errNoSuchRecipient = domain.Invalid("recipient", "there is no such recipient").WithCode("mail.recipient.not_found")
)

// renderLetter renders template c.Template for recipient c.Recipient, who
// must be one of the matter's parties the member sees.
func (s *Handlers) renderLetter(r *http.Request, m matters.Matter, recipients []web.ContactRef,
	all *communication.LetterTemplates, c letterChoice) (*letterPreview, error) {
	t := all.Template(journal.CanonicalID(c.Template))
	if !t.Exists() || t.Retired() {
		return nil, errNoSuchTemplate
	}
	if c.Revision != nil && *c.Revision != t.Revision() {
		return nil, domain.Conflict("the template changed since the preview").WithCode("letter.template.changed_meanwhile")
	}
	var to web.ContactRef
	for _, ref := range recipients {
		if ref.ID == journal.CanonicalID(c.Recipient) {
			to = ref
		}
	}
	if to.ID == "" {
		return nil, errNoSuchRecipient
	}
	contact, err := s.ReadContact(r, to.ID)
	if err != nil {
		return nil, err
	}
	values, err := s.letterValues(r, m, to)
	if err != nil {
		return nil, err
	}
	p := &letterPreview{To: to, Protected: contact.ProtectedIdentity, Revision: t.Revision(), EntryID: uuid.Must(uuid.NewV7()).String()}
	p.Subject, p.Body = t.Render(values)
	if len(contact.Emails) > 0 {
		p.Email = contact.Emails[0].Address
	}
	return p, nil
}

// letterValues are the merge fields of a letter about m to recipient,
// read as the member sees them.
func (s *Handlers) letterValues(r *http.Request, m matters.Matter, recipient web.ContactRef) (map[string]string, error) {
	now := time.Now()
	values := map[string]string{
		"mottagare.namn": recipient.Name, "ärende.nummer": m.Number, "ärende.titel": m.Title,
		"byrå.namn": s.deps.Firm, "dagens.datum": i18n.LongDate(i18n.Swedish, now),
	}
	if len(m.ClientIDs) > 0 {
		refs, err := s.ContactRefs(r, m.ClientIDs[:1])
		if err != nil {
			return nil, err
		}
		if len(refs) == 1 && !refs[0].Hidden {
			values["klient.namn"] = refs[0].Name
		}
	}
	members, err := s.ActiveStaff(r)
	if err != nil {
		return nil, err
	}
	values["ärende.ansvarig"] = web.NamesOf(members)[m.ResponsibleLawyer]
	mw, err := s.deps.WorkReads.ForMatter(r.Context(), m.ID)
	if err != nil {
		return nil, err
	}
	today := workdomain.DateOf(now.In(i18n.Stockholm))
	for _, d := range mw.Deadlines {
		if d.Status == workdomain.DeadlineStatusPending && !d.Date.Before(today) && !d.Erased {
			values["frist.datum"] = i18n.LongDate(i18n.Swedish, d.Date.Midnight())
			values["frist.beskrivning"] = d.Title
			break
		}
	}
	return values, nil
}

// sendLetter serves POST /matters/{id}/letter: it renders the letter
// again as previewed (refusing it when the template changed meanwhile),
// logs and sends it; a letter by post opens its printable page.
func (s *Handlers) sendLetter(w http.ResponseWriter, r *http.Request) {
	if !s.ParseForm(w, r) {
		return
	}
	m := web.MatterOf(r)
	c := choiceOf(r.PostForm)
	if c.Revision == nil {
		s.Fail(w, r, web.ErrMalformed)
		return
	}
	page, err := s.letterPage(r, c, web.FormState{Values: r.PostForm})
	var res commcmd.CommunicationResult
	if err == nil {
		res, err = s.deps.Letters.Send.Handle(r.Context(), commcmd.SendLetter{Actor: s.Actor(r),
			CommunicationID: r.PostForm.Get("communication_id"), MatterID: m.ID, Recipient: page.Preview.To.ID,
			Channel: c.Channel, Subject: page.Preview.Subject, Body: page.Preview.Body})
	}
	if err != nil {
		s.letterFailed(w, r, page, err)
		return
	}
	s.Await(r.Context(), communicationsProjector, res.Position)
	if c.Channel == commcmd.ChannelPost {
		http.Redirect(w, r, "/matters/"+m.ID+"/letters/"+res.CommunicationID, http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, "/matters/"+m.ID+"/communications?done=letter_sent", http.StatusSeeOther)
}

// letterFailed shows the letter page again with what is wrong.
func (s *Handlers) letterFailed(w http.ResponseWriter, r *http.Request, page letterPage, err error) {
	f, status, ok := s.FailedForm(r, err, "/matters/"+page.Matter.ID+"/letter")
	if !ok {
		s.Fail(w, r, err)
		return
	}
	page.Form, page.Preview = f, nil
	if f.Stale || errors.Is(err, errNoSuchRecipient) || errors.Is(err, errNoSuchTemplate) {
		page.Form.Values = url.Values{}
	}
	s.showLetter(w, r, status, page)
}

// printPage is a sent letter on A4, for the post.
type printPage struct {
	Matter  matters.Matter
	Firm    string
	To      contacts.Contact
	Subject string
	Body    []string // paragraphs
	Date    time.Time
}

// printLetter serves GET /matters/{id}/letters/{entry}: the logged
// letter as printed, with the recipient's postal address.
func (s *Handlers) printLetter(w http.ResponseWriter, r *http.Request) {
	m := web.MatterOf(r)
	id := chi.URLParam(r, "entry")
	ok, err := s.canSeeEntry(r, id)
	if err == nil && !ok {
		err = errNoSuchEntry
	}
	var page printPage
	if err == nil {
		page, err = s.printable(r, m, id)
	}
	if err == nil {
		err = s.RecordView(r, []string{communication.MatterSubject(m.ID), page.To.ID})
	}
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	s.RenderPage(w, r, http.StatusOK, "letter_print", page)
}

func (s *Handlers) printable(r *http.Request, m matters.Matter, id string) (printPage, error) {
	e, err := s.deps.CommunicationLog.Get(r.Context(), id)
	if err != nil {
		return printPage{}, err
	}
	if e.MatterID != m.ID || e.Kind != communication.KindLetterOutgoing || len(e.ContactIDs) == 0 {
		return printPage{}, errNoSuchEntry
	}
	if e.Special && web.PurposeOf(r) == "" { // its text, as the entry's page, only with a purpose
		return printPage{}, errEntryPurposeRequired
	}
	to, err := s.ReadContact(r, e.ContactIDs[0])
	if err != nil {
		return printPage{}, err
	}
	return printPage{Matter: m, Firm: s.deps.Firm, To: to, Subject: e.SubjectLine,
		Body: strings.Split(strings.ReplaceAll(e.Body, "\r\n", "\n"), "\n\n"), Date: e.OccurredAt}, nil
}

// automaticPage is a matter's automatic messages: the responsible lawyer
// switches them; everyone else who sees the matter reads them.
type automaticPage struct {
	Matter      matters.Matter
	Form        web.FormState
	Responsible bool
}

// automaticForm serves GET /matters/{id}/automatic.
func (s *Handlers) automaticForm(w http.ResponseWriter, r *http.Request) {
	m := web.MatterOf(r)
	a, _, err := s.deps.Letters.Automatic.Load(r.Context(), m.ID)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	f := url.Values{"status_report_days": {strconv.Itoa(a.Settings().StatusReportDays)},
		"reminder_days": {strconv.Itoa(a.Settings().ReminderDays)}}
	s.showAutomatic(w, r, http.StatusOK, web.FormState{Values: f})
}

func (s *Handlers) showAutomatic(w http.ResponseWriter, r *http.Request, status int, f web.FormState) {
	m := web.MatterOf(r)
	p, _ := web.PrincipalOf(r.Context())
	s.RenderPage(w, r, status, "matter_automatic", automaticPage{Matter: m, Form: f, Responsible: p.StaffID == m.ResponsibleLawyer})
}

// errNotResponsible: the messages go to the clients in the responsible
// lawyer's name, so only they switch them.
var errNotResponsible = domain.Forbidden("only the matter's responsible lawyer may switch its automatic messages").
	WithCode("automail.not_responsible")

// saveAutomatic serves POST /matters/{id}/automatic.
func (s *Handlers) saveAutomatic(w http.ResponseWriter, r *http.Request) {
	if !s.ParseForm(w, r) {
		return
	}
	m := web.MatterOf(r)
	p, _ := web.PrincipalOf(r.Context())
	var settings communication.AutomaticMessages
	var errs []error
	for _, field := range []struct {
		name string
		to   *int
	}{{"status_report_days", &settings.StatusReportDays}, {"reminder_days", &settings.ReminderDays}} {
		v := strings.TrimSpace(r.PostForm.Get(field.name))
		if v == "" {
			v = "0"
		}
		n, err := strconv.Atoi(v)
		if err != nil {
			errs = append(errs, domain.Invalid(field.name, "write a whole number of days, 0 for never").WithCode("automail.days.number"))
		}
		*field.to = n
	}
	err := domain.JoinProblems(errs...)
	if err == nil && p.StaffID != m.ResponsibleLawyer {
		err = errNotResponsible
	}
	if err == nil {
		_, err = s.deps.Letters.Automatic.Handle(r.Context(), commcmd.SetAutomaticMessages{Actor: s.Actor(r), MatterID: m.ID, Settings: settings})
	}
	if err != nil {
		f, status, ok := s.FailedForm(r, err, "/matters/"+m.ID+"/automatic")
		if !ok {
			s.Fail(w, r, err)
			return
		}
		s.showAutomatic(w, r, status, f)
		return
	}
	http.Redirect(w, r, "/matters/"+m.ID+"/communications?done=automatic_saved", http.StatusSeeOther)
}
