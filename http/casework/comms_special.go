package casework

import (
	"net/http"
	"net/url"
	"slices"

	"github.com/go-chi/chi/v5"

	dpocmd "github.com/klient-crm/klient/commands/dpo"
	"github.com/klient-crm/klient/domain"
	domaindpo "github.com/klient-crm/klient/domain/dpo"
	docpages "github.com/klient-crm/klient/http/casework/documents"
	"github.com/klient-crm/klient/http/web"
	"github.com/klient-crm/klient/projections/communications"
	dpomodel "github.com/klient-crm/klient/projections/dpo"
)

// Special categories (art. 9) and offences (art. 10) in the communication
// log: a lawyer marks an entry (the call in which the client told of her
// diagnosis) as holding them, with the ground of each. Decided as for
// documents: to anyone whose role lacks access.SensitiveRead a marked
// entry is not there. It is left out of the matter's and the contact's
// logs in the query (so a page stays whole and its length tells nothing),
// out of their follow-ups, and every address of it answers as an unknown
// entry's. A "känslig uppgift" line in its place was not chosen: the line
// alone — a call with a clinic's doctor, on a given day — can tell what
// the marking protects. Those who may read it see the line (kind, time,
// people, categories) without its subject line and note, which open on
// the entry's own page with a purpose the access log keeps.

// errEntryPurposeRequired refuses to open a marked entry's text without
// the reason the access log is to keep.
var errEntryPurposeRequired = domain.Invalid("purpose", "say why you open the entry: it holds special categories of personal data").
	WithCode("special.entry_purpose_required")

// hiddenEntry: e is marked and the principal may not read it.
func hiddenEntry(r *http.Request, e communications.Entry) bool {
	return e.Special && !docpages.MaySeeSpecial(r)
}

// canSeeEntry: a log entry is visible when its matter is, and when no
// contact it names is walled off.
func (s *Handlers) canSeeEntry(r *http.Request, id string) (bool, error) {
	e, err := s.deps.CommunicationLog.Get(r.Context(), id)
	switch {
	case domain.IsKind(err, domain.KindNotFound):
		return false, nil
	case err != nil && !domain.IsKind(err, domain.KindErased):
		return false, err
	}
	if e.MatterID != "" {
		if ok, err := s.CanSeeMatter(r, e.MatterID); err != nil || !ok {
			return false, err
		}
	}
	if hiddenEntry(r, e) {
		p, _ := web.PrincipalOf(r.Context())
		s.Refused(r, p.StaffID, "special_category")
		return false, nil
	}
	h, err := s.Hidden(r)
	for _, c := range e.ContactIDs {
		if h.Has(c) {
			return false, err
		}
	}
	return err == nil, err
}

// readableEntry reads an entry the principal may see (an erased one with
// what is left of it); anything else is the same 404 as an unknown ID's.
func (s *Handlers) readableEntry(r *http.Request, id string) (communications.Entry, error) {
	ok, err := s.canSeeEntry(r, id)
	if err == nil && !ok {
		err = errNoSuchEntry
	}
	if err != nil {
		return communications.Entry{}, err
	}
	e, err := s.deps.CommunicationLog.Get(r.Context(), id)
	if domain.IsKind(err, domain.KindErased) {
		err = nil
	}
	return e, err
}

// shownEntry is e with its people named, as a log would list it; one
// naming a contact walled off from the principal (a participant too) is
// not listed, and so is the same 404 here.
func (s *Handlers) shownEntry(r *http.Request, e communications.Entry, names map[string]string) (entryView, error) {
	v, ok, err := s.entryView(r, e, names)
	if err == nil && !ok {
		err = errNoSuchEntry
	}
	return v, err
}

// entryPage is one entry whole: GET /communications/{id}.
type entryPage struct {
	Entry   entryView
	Home    string // the log it is shown in
	Purpose string
	// NeedPurpose: the entry is marked and was asked for without a
	// purpose; the page offers the purpose form instead of the text.
	NeedPurpose bool
	Form        web.FormState
	MayMark     bool
}

// CorrectLink is the correction form's address, carrying the purpose
// along (the form shows the text).
func (p entryPage) CorrectLink() string {
	if p.Entry.CorrectHref == "" || p.Purpose == "" {
		return p.Entry.CorrectHref
	}
	return p.Entry.CorrectHref + "&" + url.Values{"purpose": {p.Purpose}}.Encode()
}

// showCommunication serves GET /communications/{id}: the entry with its
// text, which a marked entry shows only with a purpose (else 422 and the
// purpose form, nothing read). The read is in the access log, with its
// purpose.
func (s *Handlers) showCommunication(w http.ResponseWriter, r *http.Request) {
	e, err := s.readableEntry(r, chi.URLParam(r, "id"))
	members, merr := s.ActiveStaff(r)
	var v entryView
	if err == nil && merr == nil {
		v, err = s.shownEntry(r, e, web.NamesOf(members))
	}
	if err = web.FirstErr(err, merr); err != nil {
		s.Fail(w, r, err)
		return
	}
	page := entryPage{Home: entryHome(e), Purpose: web.PurposeOf(r), MayMark: docpages.MaySeeSpecial(r) && !e.Erased && !e.Deleted}
	views := []entryView{v}
	s.withCorrectLinks(r, views, page.Home)
	page.Entry = views[0]
	status := http.StatusOK
	if e.Special && page.Purpose == "" {
		page.Entry.SubjectLine, page.Entry.Body, page.NeedPurpose = "", "", true
		page.Form, status, _ = s.FailedForm(r, errEntryPurposeRequired, r.URL.Path)
	} else if err := s.RecordView(r, append([]string{e.DataSubject}, web.Shown(v.Contacts)...)); err != nil {
		s.Fail(w, r, err)
		return
	}
	s.RenderPage(w, r, status, "communication", page)
}

// apiGetCommunication is GET /api/v1/communications/{id}: one entry whole;
// a marked one only with a purpose (the Klient-Purpose header or
// ?purpose=), else 422 special.entry_purpose_required.
func (s *Handlers) apiGetCommunication(w http.ResponseWriter, r *http.Request) {
	e, err := s.readableEntry(r, chi.URLParam(r, "id"))
	if err == nil {
		_, err = s.shownEntry(r, e, nil)
	}
	if err == nil && e.Special && web.PurposeOf(r) == "" {
		err = errEntryPurposeRequired
	}
	if err == nil {
		err = s.RecordView(r, append([]string{e.DataSubject}, entryContactIDs(e)...))
	}
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	w.Header().Set("ETag", web.VersionETag(e.Version))
	web.WriteJSON(w, http.StatusOK, entryOut(e))
}

// entrySpecialPage is the marking form of one entry: its kind, time and
// people, not its text.
type entrySpecialPage struct {
	Entry      entryView
	Home       string
	Form       web.FormState
	Categories []domaindpo.SpecialCategory
	Grounds    []domaindpo.SpecialGround
	Done       bool
}

func (s *Handlers) entrySpecialPage(r *http.Request, e communications.Entry, f web.FormState) (entrySpecialPage, error) {
	members, err := s.ActiveStaff(r)
	var v entryView
	if err == nil {
		v, _, err = s.entryView(r, e, web.NamesOf(members))
	}
	v.SubjectLine, v.Body = "", ""
	return entrySpecialPage{Entry: v, Home: entryHome(e), Form: f, Categories: domaindpo.SpecialCategories,
		Grounds: domaindpo.SpecialGrounds, Done: r.URL.Query().Get("done") == "saved"}, err
}

func entrySpecialValues(e communications.Entry) url.Values {
	return docpages.SpecialValues(dpomodel.SpecialMark{Categories: e.SpecialCategories, Grounds: e.SpecialGrounds})
}

// entrySpecialForm serves GET /communications/{id}/special-category.
func (s *Handlers) entrySpecialForm(w http.ResponseWriter, r *http.Request) {
	e, err := s.readableEntry(r, chi.URLParam(r, "id"))
	var page entrySpecialPage
	if err == nil {
		page, err = s.entrySpecialPage(r, e, web.FormState{Values: entrySpecialValues(e)})
	}
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	s.RenderPage(w, r, http.StatusOK, "communication_special", page)
}

// markEntry records the marking of the entry id the principal may see.
func (s *Handlers) markEntry(r *http.Request, id string, categories []domaindpo.SpecialCategory, grounds []domaindpo.SpecialGround) (communications.Entry, error) {
	e, err := s.readableEntry(r, id)
	if err != nil {
		return e, err
	}
	res, err := s.deps.Communications.MarkSpecial.Handle(r.Context(), dpocmd.MarkCommunicationSpecial{Actor: s.Actor(r),
		CommunicationID: e.ID, Categories: categories, Grounds: grounds})
	if err == nil {
		s.Await(r.Context(), communicationsProjector, res.Position)
	}
	return e, err
}

// saveEntrySpecial takes the form (after its confirmation); a refusal is
// the form again with the message, nothing written.
func (s *Handlers) saveEntrySpecial(w http.ResponseWriter, r *http.Request) {
	if !s.ParseForm(w, r) {
		return
	}
	cats, grounds := formMarking(r.PostForm)
	e, err := s.markEntry(r, chi.URLParam(r, "id"), cats, grounds)
	if err != nil {
		form, status, ok := s.FailedForm(r, err, r.URL.Path)
		var page entrySpecialPage
		var perr error
		if ok && domain.KindOf(err) != domain.KindNotFound {
			page, perr = s.entrySpecialPage(r, e, form)
		}
		if !ok || domain.KindOf(err) == domain.KindNotFound || perr != nil {
			s.Fail(w, r, web.FirstErr(perr, err))
			return
		}
		s.RenderPage(w, r, status, "communication_special", page)
		return
	}
	http.Redirect(w, r, "/communications/"+e.ID+"/special-category?done=saved", http.StatusSeeOther)
}

// askMarkEntry asks before a marking changes who sees the entry: marked,
// it is gone for everyone without sensitive.read (an assistant on the
// matter, their follow-ups); lifted, it is back for them. A form its
// rules refuse, or one that changes nothing, is not asked about: the
// handler answers it.
func (s *Handlers) askMarkEntry(r *http.Request) (*web.Confirmation, error) {
	e, err := s.readableEntry(r, chi.URLParam(r, "id"))
	if err != nil {
		return nil, err
	}
	cats, grounds, err := domaindpo.CheckSpecial(formMarking(r.PostForm))
	if err != nil || (slices.Equal(cats, e.SpecialCategories) && slices.Equal(grounds, e.SpecialGrounds)) {
		return nil, nil
	}
	c := &web.Confirmation{Question: "confirm.entry_special.mark", Consequence: "confirm.entry_special.mark.consequence",
		Button: "confirm.entry_special.mark.button", Back: "/communications/" + e.ID + "/special-category", Subjects: []string{e.DataSubject}}
	if len(cats) == 0 {
		c.Question, c.Consequence, c.Button = "confirm.entry_special.lift", "confirm.entry_special.lift.consequence", "confirm.entry_special.lift.button"
	}
	return c, nil
}

// apiEntrySpecial is GET and PUT /api/v1/communications/{id}/special-category:
// the marking as docpages.SpecialCategoryJSON; no categories, no marking.
func (s *Handlers) apiEntrySpecial(w http.ResponseWriter, r *http.Request) {
	id := chi.URLParam(r, "id")
	if r.Method == http.MethodPut {
		var in docpages.SpecialCategoryJSON
		err := web.DecodeJSON(r, &in)
		if err == nil {
			_, err = s.markEntry(r, id, in.Categories, in.Grounds)
		}
		if err != nil {
			s.WriteProblem(w, r, err)
			return
		}
	}
	e, err := s.readableEntry(r, id)
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusOK, docpages.SpecialJSON(e.SpecialCategories, e.SpecialGrounds))
}

func formMarking(f url.Values) ([]domaindpo.SpecialCategory, []domaindpo.SpecialGround) {
	var cats []domaindpo.SpecialCategory
	var grounds []domaindpo.SpecialGround
	for _, c := range f["categories"] {
		cats = append(cats, domaindpo.SpecialCategory(c))
	}
	for _, g := range f["grounds"] {
		grounds = append(grounds, domaindpo.SpecialGround(g))
	}
	return cats, grounds
}
