package requests

import (
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	commcmd "github.com/klient-crm/klient/commands/communication"
	gdprcmd "github.com/klient-crm/klient/commands/gdpr"
	mattercmd "github.com/klient-crm/klient/commands/matter"
	workcmd "github.com/klient-crm/klient/commands/work"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/domain/matter"
	"github.com/klient-crm/klient/domain/work"
	"github.com/klient-crm/klient/http/i18n"
	"github.com/klient-crm/klient/http/web"
	"github.com/klient-crm/klient/projections/accesslog"
	"github.com/klient-crm/klient/projections/contacts"
	gdprmodel "github.com/klient-crm/klient/projections/gdpr"
)

// An erasure lists the entries in other records whose text named the
// person (docs/gdpr.md, "Mentions in other matters"); the DPO opens each
// (the reading is logged against whom the entry is about) and may redact
// it: the corrected text is stored under a new entry key and the old key
// destroyed. A mention the DPO may not see (its matter, or a contact it is
// filed under, walled from them) answers exactly as one the erasure never
// found.

// errNoSuchMention is an unknown mention, and one behind a wall.
var errNoSuchMention = domain.NotFound("the erasure found no such mention").WithCode("gdpr.mention.not_found")

// mentionView is one mention as the DPO opens it.
type mentionView struct {
	ErasureID string
	gdprmodel.Mention
	Matter  string // number and title; "" when filed under no matter
	Subject string // whose data the entry is (for the access log)
	// Read are the people an access-log entry's reading was of: its
	// purpose is theirs (Subject is the first).
	Read     []string
	Version  uint64
	Erased   bool
	Text     MentionTextJSON
	Proposal MentionTextJSON
	Form     web.FormState
	// Back is where the reader came from and goes after the redaction:
	// the certificate (the DPO) or the matter's tab of the entry (the
	// responsible lawyer), and its link's words.
	Back, BackKey string
}

// reasonField is one of a deadline's reasons on the form, numbered from 1.
type reasonField struct {
	N    int
	Text string
}

// ReasonFields are the form's fields of a deadline's reasons, oldest
// first, with the proposed text.
func (v mentionView) ReasonFields() []reasonField {
	out := make([]reasonField, len(v.Proposal.Reasons))
	for i, r := range v.Proposal.Reasons {
		out[i] = reasonField{N: i + 1, Text: r}
	}
	return out
}

// MentionJSON is a mention with the entry's current text, as the API
// answers GET /api/v1/erasures/{id}/mentions/{entry}.
type MentionJSON struct {
	ErasureID  string          `json:"erasure_id"`
	Kind       string          `json:"kind"`
	EntryID    string          `json:"entry_id"`
	MatterID   string          `json:"matter_id,omitempty"`
	Matter     string          `json:"matter,omitempty"`
	Marks      []string        `json:"marks"`
	RedactedAt *time.Time      `json:"redacted_at,omitempty"`
	Version    uint64          `json:"version"`
	Erased     bool            `json:"erased"`
	Text       MentionTextJSON `json:"text"`
	// Proposal is Text with what named the person replaced, while the
	// entry is as the erasure found it: the form's default.
	Proposal MentionTextJSON `json:"proposal"`
}

// MentionTextJSON is an entry's free text: a communication's subject line
// and note, a task's title and description, a matter's title, description
// and why it was reopened, a note on a matter's file, or a deadline's
// title and the reasons it was given (reasons oldest first; a redaction
// restates every one).
type MentionTextJSON struct {
	SubjectLine string   `json:"subject_line,omitempty"`
	Body        string   `json:"body,omitempty"`
	Title       string   `json:"title,omitempty"`
	Description string   `json:"description,omitempty"`
	Text        string   `json:"text,omitempty"`
	Reasons     []string `json:"reasons,omitempty"`
}

// RedactionJSON is the body of POST …/mentions/{entry}/redaction: the
// version the caller read and the whole corrected text.
type RedactionJSON struct {
	Version *uint64 `json:"version"`
	MentionTextJSON
}

// mentionOf reads mention {entry} of erasure {id} and the entry's text,
// through the reader's walls. A reader who does not keep the GDPR
// registers (a lawyer) reads only mentions in matters they are
// responsible for; anything else, an unknown erasure included, answers
// as an unknown mention.
func (s *Handlers) mentionOf(r *http.Request) (mentionView, error) {
	p, _ := web.PrincipalOf(r.Context())
	dpo := p.Can(access.GDPRManage)
	c, err := s.certificateOf(r)
	if err != nil && !dpo {
		err = notFoundAs(err, errNoSuchMention)
	}
	if err != nil {
		return mentionView{}, err
	}
	entryID := strings.ToLower(chi.URLParam(r, "entry"))
	if !web.WellFormedID(entryID) {
		return mentionView{}, errNoSuchMention
	}
	m, err := s.deps.Register.Mention(r.Context(), c.ErasureID, entryID)
	if err != nil {
		return mentionView{}, err
	}
	v, contacts, err := s.mentionEntry(r, c.ErasureID, m)
	if err != nil {
		return mentionView{}, err
	}
	if err := s.throughWalls(r, &v, contacts); err != nil {
		return mentionView{}, err
	}
	v.Back, v.BackKey = "/gdpr/erasures/"+c.ErasureID+"#mentions", "dsr.mention.back"
	if !dpo {
		if err := s.responsibleFor(r, p.StaffID, v.MatterID); err != nil {
			return mentionView{}, err
		}
		v.Back, v.BackKey = matterTab(v.MatterID, v.Kind), "dsr.mention.back_matter"
	}
	v.Proposal = proposal(v)
	return v, nil
}

// responsibleFor refuses, as an unknown mention, a matter staffID is not
// the responsible lawyer of (and no matter at all).
func (s *Handlers) responsibleFor(r *http.Request, staffID, matterID string) error {
	if matterID == "" {
		return errNoSuchMention
	}
	m, err := s.VisibleMatter(r, matterID)
	switch {
	case err != nil:
		return notFoundAs(err, errNoSuchMention)
	case m.ResponsibleLawyer != staffID:
		return errNoSuchMention
	}
	return nil
}

// mentionEntry reads the entry of mention m as it is now, and the
// contacts it is filed under.
func (s *Handlers) mentionEntry(r *http.Request, erasureID string, m gdprmodel.Mention) (mentionView, []string, error) {
	v := mentionView{ErasureID: erasureID, Mention: m}
	var contacts []string
	switch m.Kind {
	case gdprcmd.MentionCommunication:
		e, err := s.deps.Register.Communication(r.Context(), m.EntryID)
		if err != nil {
			return mentionView{}, nil, notFoundAs(err, errNoSuchMention)
		}
		contacts, v.Subject, v.Version, v.Erased = e.ContactIDs, e.DataSubject, e.Version, e.Erased
		v.Text = MentionTextJSON{SubjectLine: e.SubjectLine, Body: e.Body}
	case gdprcmd.MentionTask:
		t, err := s.deps.Register.Task(r.Context(), m.EntryID)
		if err != nil {
			return mentionView{}, nil, notFoundAs(err, errNoSuchMention)
		}
		v.Subject, v.Version, v.Erased = taskSubject(t.ID, t.MatterID, t.ContactID), t.Version, t.Erased
		if t.ContactID != "" {
			contacts = []string{t.ContactID}
		}
		v.Text = MentionTextJSON{Title: t.Title, Description: t.Description}
	case gdprcmd.MentionMatterNote:
		n, err := s.deps.Register.MatterNote(r.Context(), m.MatterID, m.EntryID)
		if err != nil {
			return mentionView{}, nil, notFoundAs(err, errNoSuchMention)
		}
		v.Subject, v.Version, v.Erased = matter.Subject(n.MatterID), n.Version, n.Erased
		v.Text = MentionTextJSON{Text: n.Text}
	case gdprcmd.MentionAccessPurpose:
		e, err := s.accessEntry(r, m.EntryID)
		if err != nil {
			return mentionView{}, nil, err
		}
		// A refused attempt on a list read nobody: its purpose is the
		// member's own (accesslog.Record).
		v.Read, contacts = e.Subjects, e.Subjects
		if len(v.Read) == 0 {
			v.Read = []string{e.StaffID}
		}
		v.Subject, v.Erased = v.Read[0], e.PurposeErased || e.Purpose == ""
		v.Text = MentionTextJSON{Text: e.Purpose}
	case gdprcmd.MentionMatter:
		got, err := s.deps.Register.Matter(r.Context(), m.EntryID)
		if err != nil {
			return mentionView{}, nil, notFoundAs(err, errNoSuchMention)
		}
		reasons, err := s.deps.Register.ReopenReasons(r.Context(), m.EntryID)
		if err != nil {
			return mentionView{}, nil, err
		}
		v.Subject, v.Version, v.Erased = matter.Subject(got.ID), got.Version, got.Erased
		v.Text = MentionTextJSON{Title: got.Title, Description: got.Description, Reasons: reasons}
	case gdprcmd.MentionDeadline:
		d, erased, err := s.deps.Register.DeadlineText(r.Context(), m.EntryID)
		if err != nil {
			return mentionView{}, nil, notFoundAs(err, errNoSuchMention)
		}
		v.Subject, v.Version, v.Erased = matter.Subject(d.MatterID), d.Version, erased
		v.Text = MentionTextJSON{Title: d.Title, Reasons: d.Reasons}
	default:
		return mentionView{}, nil, errNoSuchMention
	}
	return v, contacts, nil
}

// accessEntry reads the access-log entry a mention names, its purpose
// opened.
func (s *Handlers) accessEntry(r *http.Request, entry string) (accesslog.Entry, error) {
	id, ok := accesslog.EntryOfMention(entry)
	if !ok {
		return accesslog.Entry{}, errNoSuchMention
	}
	es, err := s.SearchAccessLog(r, accesslog.Filter{Before: id + 1, Limit: 1})
	if err != nil {
		return accesslog.Entry{}, err
	}
	if len(es) == 0 || es[0].ID != id {
		return accesslog.Entry{}, errNoSuchMention
	}
	return es[0], nil
}

// viewed are whose data reading the mention's entry shows.
func (v mentionView) viewed() []string {
	if len(v.Read) > 0 {
		return v.Read
	}
	return []string{v.Subject}
}

// visibleMentions leaves out of ms every mention the reader may not see
// (walledOff). Every rendering of a certificate lists only these, so that
// a hidden mention is absent exactly as one the erasure never found — its
// entry's and matter's IDs included. The entries' contacts are read in one
// query, however many mentions there are.
func (s *Handlers) visibleMentions(r *http.Request, ms []gdprmodel.Mention) ([]gdprmodel.Mention, error) {
	if len(ms) == 0 {
		return ms, nil
	}
	gate, err := s.MatterGate(r)
	if err != nil {
		return nil, err
	}
	var subjects []string
	for _, m := range ms {
		if m.MatterID != "" {
			subjects = append(subjects, matter.Subject(m.MatterID))
		}
	}
	refs, err := s.NameSubjects(r, subjects)
	if err != nil {
		return nil, err
	}
	filed, err := s.deps.Register.FiledUnder(r.Context(), ms)
	if err != nil {
		return nil, err
	}
	out := make([]gdprmodel.Mention, 0, len(ms))
	for _, m := range ms {
		// An entry gone from its read model (deleted, or its owner
		// erased since) is filed under nobody; its matter still counts.
		if !walledOff(gate, refs, m.MatterID, filed[m.EntryID]) {
			out = append(out, m)
		}
	}
	return out, nil
}

// walledOff is the one rule of what a reader may not see of a mention: its
// matter hidden from them (walled, or otherwise not theirs to see), or a
// contact its entry is filed under walled from them. refs names the
// mention's matter's subject (NameSubjects).
func walledOff(gate web.MatterGate, refs map[string]web.SubjectRef, matterID string, contacts []string) bool {
	if slices.ContainsFunc(contacts, gate.WalledContact) {
		return true
	}
	return matterID != "" && refs[matter.Subject(matterID)].Unknown
}

// proposal is the text with what named the person replaced ("[raderad
// person]", "[raderad uppgift]"), while the entry is as the erasure found
// it; once changed since, the offsets say nothing and the text is as it is.
func proposal(v mentionView) MentionTextJSON {
	if v.Version != v.EntryVersion || !v.RedactedAt.IsZero() {
		return v.Text
	}
	field := func(name, text string) string {
		var spans []contacts.Span
		for _, s := range v.Spans {
			if s.Field == name {
				spans = append(spans, contacts.Span{Start: s.Start, End: s.End, Mark: s.Mark})
			}
		}
		return contacts.Redact(text, spans)
	}
	var reasons []string
	for i, reason := range v.Text.Reasons {
		reasons = append(reasons, field(gdprcmd.ReasonField(i), reason))
	}
	return MentionTextJSON{SubjectLine: field("subject_line", v.Text.SubjectLine), Body: field("body", v.Text.Body),
		Title: field("title", v.Text.Title), Description: field("description", v.Text.Description),
		Text: field("text", v.Text.Text), Reasons: reasons}
}

// matterTab is the tab of matter id's page that lists entries of a
// mention's kind (the matter's own page for its title and description).
func matterTab(id, kind string) string {
	switch kind {
	case gdprcmd.MentionMatterNote:
		return "/matters/" + id + "/notes"
	case gdprcmd.MentionMatter:
		return "/matters/" + id
	}
	return "/matters/" + id + "/" + kind + "s"
}

// throughWalls refuses, as unknown, a mention the reader may not see
// (walledOff), and names its matter.
func (s *Handlers) throughWalls(r *http.Request, v *mentionView, contacts []string) error {
	gate, err := s.MatterGate(r)
	if err != nil {
		return err
	}
	var refs map[string]web.SubjectRef
	if v.MatterID != "" {
		if refs, err = s.NameSubjects(r, []string{matter.Subject(v.MatterID)}); err != nil {
			return err
		}
	}
	if walledOff(gate, refs, v.MatterID, contacts) {
		return errNoSuchMention
	}
	if v.MatterID != "" {
		v.Matter = refs[matter.Subject(v.MatterID)].Matter
	}
	return nil
}

// taskSubject is whom a task is about, as domain/work chooses it.
func taskSubject(id, matterID, contactID string) string {
	switch {
	case matterID != "":
		return matter.Subject(matterID)
	case contactID != "":
		return contactID
	}
	return work.TaskSubject(id)
}

func notFoundAs(err, as error) error {
	if domain.IsKind(err, domain.KindNotFound) {
		return as
	}
	return err
}

// redact sends the redaction of v's entry with text, from version, and
// records it on the erasures that listed the entry.
func (s *Handlers) redact(r *http.Request, v mentionView, version uint64, text MentionTextJSON) (uint64, error) {
	actor := s.Actor(r)
	var pos uint64
	switch v.Kind {
	case gdprcmd.MentionCommunication:
		res, err := s.deps.RedactCommunication.Handle(r.Context(), commcmd.RedactCommunication{Actor: actor,
			CommunicationID: v.EntryID, ExpectedVersion: version, SubjectLine: text.SubjectLine, Body: text.Body})
		if err != nil {
			return 0, err
		}
		s.Await(r.Context(), communicationsProjector, res.Position)
		pos = res.Version
	case gdprcmd.MentionAccessPurpose:
		// No event and no version: the log's entry stays as it is, and
		// every copy of its purpose becomes unreadable; what replaces it
		// on every page is "(raderad)".
		id, _ := accesslog.EntryOfMention(v.EntryID)
		if err := s.deps.RedactPurpose(r.Context(), id); err != nil {
			return 0, err
		}
	case gdprcmd.MentionMatterNote:
		res, err := s.deps.RedactNote.Handle(r.Context(), mattercmd.RedactMatterNote{Actor: actor, MatterID: v.MatterID,
			NoteID: v.EntryID, ExpectedVersion: version, Text: text.Text})
		if err != nil {
			return 0, err
		}
		s.Await(r.Context(), mattersProjector, res.Position)
		pos = res.Version
	case gdprcmd.MentionMatter:
		res, err := s.deps.RedactDetails.Handle(r.Context(), mattercmd.RedactMatterDetails{Actor: actor, MatterID: v.MatterID,
			ExpectedVersion: version, Details: matter.Details{Title: text.Title, Description: text.Description}, Reasons: text.Reasons})
		if err != nil {
			return 0, err
		}
		s.Await(r.Context(), mattersProjector, res.Position)
		pos = res.Version
	case gdprcmd.MentionDeadline:
		res, err := s.deps.RedactDeadline.Handle(r.Context(), workcmd.RedactDeadlineText{Actor: actor, DeadlineID: v.EntryID,
			ExpectedVersion: version, Title: text.Title, Reasons: text.Reasons})
		if err != nil {
			return 0, err
		}
		s.Await(r.Context(), workProjector, res.Position)
		pos = res.Version
	case gdprcmd.MentionTask:
		res, err := s.deps.RedactTask.Handle(r.Context(), workcmd.RedactTaskText{Actor: actor, TaskID: v.EntryID,
			ExpectedVersion: version, Title: text.Title, Description: text.Description})
		if err != nil {
			return 0, err
		}
		s.Await(r.Context(), workProjector, res.Position)
		pos = res.Version
	default:
		return 0, errNoSuchMention
	}
	return pos, s.deps.Mentions.MentionRedacted(r.Context(), v.EntryID, actor.ID, time.Now())
}

// The projectors a redaction waits for, so the pages the DPO goes to next
// show the corrected text.
const (
	communicationsProjector = "communications"
	workProjector           = "work"
	mattersProjector        = "matters"
)

// apiGetMention is GET /api/v1/erasures/{id}/mentions/{entry}: the
// mention and the entry's current text (the reading is logged).
func (s *Handlers) apiGetMention(w http.ResponseWriter, r *http.Request) {
	v, err := s.mentionOf(r)
	if err == nil {
		err = s.RecordView(r, v.viewed())
	}
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	w.Header().Set("ETag", web.VersionETag(v.Version))
	web.WriteJSON(w, http.StatusOK, mentionJSON(v))
}

// apiRedactMention is POST /api/v1/erasures/{id}/mentions/{entry}/redaction.
func (s *Handlers) apiRedactMention(w http.ResponseWriter, r *http.Request) {
	var req RedactionJSON
	if err := web.DecodeJSON(r, &req); err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	v, err := s.mentionOf(r)
	var version uint64
	if err == nil {
		version, err = web.ExpectedVersion(r.Header.Get("If-Match"), req.Version)
	}
	if err == nil {
		_, err = s.redact(r, v, version, req.MentionTextJSON)
	}
	if err == nil {
		v, err = s.mentionOf(r)
	}
	if err == nil {
		err = s.RecordView(r, v.viewed())
	}
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	w.Header().Set("ETag", web.VersionETag(v.Version))
	web.WriteJSON(w, http.StatusOK, mentionJSON(v))
}

func mentionJSON(v mentionView) MentionJSON {
	out := MentionJSON{ErasureID: v.ErasureID, Kind: v.Kind, EntryID: v.EntryID, MatterID: v.MatterID, Matter: v.Matter,
		Marks: v.Marks, Version: v.Version, Erased: v.Erased, Text: v.Text, Proposal: v.Proposal}
	if out.Marks == nil {
		out.Marks = []string{}
	}
	if !v.RedactedAt.IsZero() {
		at := v.RedactedAt
		out.RedactedAt = &at
	}
	return out
}

// mentionPage shows the mention's text and the form to redact it.
func (s *Handlers) mentionPage(w http.ResponseWriter, r *http.Request) {
	v, err := s.mentionOf(r)
	if err == nil {
		err = s.RecordView(r, v.viewed())
	}
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	s.RenderPage(w, r, http.StatusOK, "gdpr_mention", v)
}

// redactMentionPage is the form's POST (asked first, web.Confirm): the
// certificate again once done, the form with the refusal otherwise.
func (s *Handlers) redactMentionPage(w http.ResponseWriter, r *http.Request) {
	if !s.ParseForm(w, r) {
		return
	}
	v, err := s.mentionOf(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	version, err := web.VersionOf(r.PostForm)
	text := MentionTextJSON{SubjectLine: r.PostForm.Get("subject_line"), Body: r.PostForm.Get("body"),
		Title: r.PostForm.Get("title"), Description: r.PostForm.Get("description"), Text: r.PostForm.Get("text"),
		Reasons: r.PostForm["reason"]}
	if err == nil {
		_, err = s.redact(r, v, version, text)
	}
	if err != nil {
		form, status, ok := s.FailedForm(r, err, "/gdpr/erasures/"+v.ErasureID+"/mentions/"+v.EntryID)
		if !ok {
			s.Fail(w, r, err)
			return
		}
		if rerr := s.RecordView(r, v.viewed()); rerr != nil {
			s.Fail(w, r, rerr)
			return
		}
		v.Form, v.Proposal = form, text
		s.RenderPage(w, r, status, "gdpr_mention", v)
		return
	}
	back := "/gdpr/erasures/" + v.ErasureID + "?done=redacted#mentions"
	if !strings.HasPrefix(v.Back, "/gdpr/") {
		back = v.Back
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
}

// askRedaction words the confirmation: the entry and its matter.
func (s *Handlers) askRedaction(r *http.Request) (*web.Confirmation, error) {
	v, err := s.mentionOf(r)
	if err != nil {
		return nil, err
	}
	lang := web.LangOf(r.Context())
	where := i18n.T(lang, "dsr.mention.kind."+v.Kind)
	if v.Matter != "" {
		where += ", " + i18n.T(lang, "dsr.mentions.matter") + " " + v.Matter
	}
	key := "confirm.mention.redact"
	return &web.Confirmation{Question: key, Args: []any{where}, Consequence: key + ".consequence", Button: key + ".button",
		Back: "/gdpr/erasures/" + v.ErasureID + "/mentions/" + v.EntryID}, nil
}
