package dpo

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"

	dpocmd "github.com/klient-crm/klient/commands/dpo"
	"github.com/klient-crm/klient/domain"
	domaindpo "github.com/klient-crm/klient/domain/dpo"
	"github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/http/i18n"
	"github.com/klient-crm/klient/http/web"
	dpomodel "github.com/klient-crm/klient/projections/dpo"
)

// The record of processing activities (art. 30): Klient proposes one from
// what it knows — the purposes its bases and consents name, the
// categories of its contact model, the recipients and processors of its
// configuration (and those outside the EEA as transfers), the retention
// schedule, the measures it applies — and the DPO edits and saves it; each
// save is an event. The public information page (art. 13/14) is made
// from the saved record.

// Recipient is a recipient or processor of the firm's configuration.
type Recipient struct {
	Name, Role, Purpose string
	Country             string // outside the EEA: a transfer
}

// proposal is the record Klient proposes before the DPO saved one, in
// lang.
func (s *Handlers) proposal(lang i18n.Lang) domaindpo.ProcessingRecord {
	c := s.deps.Controller
	var purposes, recipients, transfers, retention []string
	for _, p := range s.deps.Purposes {
		purposes = append(purposes, i18n.T(lang, "privacy.purpose."+p)+": "+i18n.T(lang, "record.proposal.purpose."+p))
	}
	for _, r := range s.deps.Recipients {
		line := fmt.Sprintf("%s (%s): %s", r.Name, i18n.T(lang, "record.role."+r.Role), r.Purpose)
		recipients = append(recipients, line)
		if r.Country != "" {
			transfers = append(transfers, line+" — "+r.Country)
		}
	}
	if len(recipients) == 0 {
		recipients = []string{i18n.T(lang, "record.proposal.recipients_none")}
	}
	if len(transfers) == 0 {
		transfers = []string{i18n.T(lang, "record.proposal.transfers_none")}
	}
	for _, r := range s.deps.Retention {
		retention = append(retention, fmt.Sprintf("%s: %s (%s)", i18n.T(lang, "dsr.category."+string(r.Category)),
			period(lang, r.Period, r.Trigger), r.Ground))
	}
	return domaindpo.ProcessingRecord{ControllerName: c.Name, OrganisationNumber: c.OrganisationNumber, DPOContact: c.Contact,
		Purposes: strings.Join(purposes, "\n"), SubjectCategories: i18n.T(lang, "record.proposal.subject_categories"),
		DataCategories: i18n.T(lang, "record.proposal.data_categories"), Recipients: strings.Join(recipients, "\n"),
		Transfers: strings.Join(transfers, "\n"), Retention: strings.Join(retention, "\n"),
		Measures: i18n.T(lang, "record.proposal.measures")}
}

// period says a retention period and what it runs from.
func period(lang i18n.Lang, p gdpr.Period, from gdpr.Trigger) string {
	var parts []string
	for _, u := range []struct {
		n   int
		key string
	}{{p.Years, "record.years"}, {p.Months, "record.months"}, {p.Days, "record.days"}} {
		if u.n > 0 {
			parts = append(parts, i18n.T(lang, u.key, u.n))
		}
	}
	return strings.Join(parts, " ") + " " + i18n.T(lang, "record.trigger."+string(from))
}

// recordPage is the record as the DPO edits it and an auditor reads it.
type recordPage struct {
	Form  web.FormState
	Saved bool // false: Klient's proposal, not yet saved
	// Rebuilding: the read model is rebuilt and the saved record not
	// replayed yet; the page says so and offers no form.
	Rebuilding bool
	Version    uint64
	EditedBy   string
	UpdatedAt  string
	MayDecide  bool
	Done       bool
	Fields     []string // every field, in the order of art. 30.1
	Blocks     []string // those edited as text areas
	// Special are the special categories (art. 9, 10) the documents are
	// marked with now, counted: art. 30.1 c's categories of data.
	Special []dpomodel.SpecialCategoryCount
}

// recordFields are the record's fields in the order of art. 30.1.
var recordFields = []string{"controller_name", "organisation_number", "controller_address", "representative", "dpo_contact",
	"purposes", "subject_categories", "data_categories", "recipients", "transfers", "retention", "measures"}

func recordValues(r domaindpo.ProcessingRecord) map[string]string {
	return map[string]string{"controller_name": r.ControllerName, "organisation_number": r.OrganisationNumber,
		"controller_address": r.ControllerAddress, "representative": r.Representative, "dpo_contact": r.DPOContact,
		"purposes": r.Purposes, "subject_categories": r.SubjectCategories, "data_categories": r.DataCategories,
		"recipients": r.Recipients, "transfers": r.Transfers, "retention": r.Retention, "measures": r.Measures}
}

func recordFrom(get func(string) string) domaindpo.ProcessingRecord {
	return domaindpo.ProcessingRecord{ControllerName: get("controller_name"), OrganisationNumber: get("organisation_number"),
		ControllerAddress: get("controller_address"), Representative: get("representative"), DPOContact: get("dpo_contact"),
		Purposes: get("purposes"), SubjectCategories: get("subject_categories"), DataCategories: get("data_categories"),
		Recipients: get("recipients"), Transfers: get("transfers"), Retention: get("retention"), Measures: get("measures")}
}

// errRecordRebuilding answers for the record while the registers' read
// model is rebuilt: a record not found then may be one not replayed yet,
// and calling it never saved (or unpublished) would be untrue.
var errRecordRebuilding = fmt.Errorf("%w: the registers are being rebuilt", web.ErrUnavailable)

// savedRecord is the saved record; found is false before the first save,
// and errRecordRebuilding while the read model is rebuilt.
func (s *Handlers) savedRecord(r *http.Request) (dpomodel.SavedRecord, bool, error) {
	saved, found, err := s.deps.Register.Record(r.Context())
	if err != nil || found {
		return saved, found, err
	}
	return saved, false, s.unlessRebuilding(r)
}

// unlessRebuilding is errRecordRebuilding while the registers' read model
// is rebuilt (the runtime's own answer, which the layout's banner reads
// too): what it says is not there may not be replayed yet.
func (s *Handlers) unlessRebuilding(r *http.Request) error {
	rebuilding, err := s.Shared().Projections.Rebuilding(r.Context())
	if err == nil && slices.Contains(rebuilding, breachProjector) {
		err = errRecordRebuilding
	}
	return err
}

// currentRecord is the saved record, or Klient's proposal before the
// first save.
func (s *Handlers) currentRecord(r *http.Request) (dpomodel.SavedRecord, bool, error) {
	saved, found, err := s.savedRecord(r)
	if err != nil || found {
		return saved, found, err
	}
	return dpomodel.SavedRecord{ProcessingRecord: s.proposal(web.LangOf(r.Context()))}, false, nil
}

func (s *Handlers) recordPage(w http.ResponseWriter, r *http.Request) {
	rec, found, err := s.currentRecord(r)
	if errors.Is(err, errRecordRebuilding) {
		s.RenderPage(w, r, http.StatusOK, "dpo_record", recordPage{Rebuilding: true})
		return
	}
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	page := recordPage{Saved: found, Version: rec.Version, MayDecide: mayDecide(r), Done: r.URL.Query().Get("done") == "saved",
		Fields: recordFields, Blocks: recordFields[2:]}
	if page.Special, err = s.deps.Register.SpecialCategoriesInUse(r.Context()); err != nil {
		s.Fail(w, r, err)
		return
	}
	page.Form.Values = map[string][]string{}
	for k, v := range recordValues(rec.ProcessingRecord) {
		page.Form.Values.Set(k, v)
	}
	if found {
		names, err := s.StaffNames(r)
		if err != nil {
			s.Fail(w, r, err)
			return
		}
		page.EditedBy, page.UpdatedAt = nameOf(names, rec.EditedBy), i18n.DateTime(rec.UpdatedAt)
	}
	s.RenderPage(w, r, http.StatusOK, "dpo_record", page)
}

func (s *Handlers) saveRecord(w http.ResponseWriter, r *http.Request) {
	if !s.ParseForm(w, r) {
		return
	}
	version, err := web.VersionOf(r.PostForm)
	var res dpocmd.RecordResult
	if err == nil {
		res, err = s.deps.SaveRecord.Handle(r.Context(), dpocmd.EditRecord{Actor: s.Actor(r), ExpectedVersion: version,
			New: r.PostForm.Get("saved") != "true", Record: recordFrom(r.PostForm.Get)})
	}
	if err != nil {
		form, status, ok := s.FailedForm(r, err, "/registers/processing")
		if !ok {
			s.Fail(w, r, err)
			return
		}
		special, _ := s.deps.Register.SpecialCategoriesInUse(r.Context()) // the form's message matters more than this list
		s.RenderPage(w, r, status, "dpo_record", recordPage{Special: special, Form: form, MayDecide: true, Saved: r.PostForm.Get("saved") == "true", Version: version,
			Fields: recordFields, Blocks: recordFields[2:]})
		return
	}
	s.Await(r.Context(), breachProjector, res.Position)
	http.Redirect(w, r, "/registers/processing?done=saved", http.StatusSeeOther)
}

// RecordJSON is the record of processing as the API shows it.
type RecordJSON struct {
	domaindpo.ProcessingRecord
	Saved   bool   `json:"saved"` // false: Klient's proposal, never saved
	Version uint64 `json:"version"`
	// SpecialCategories are the special categories (art. 9, 10) documents
	// and contacts are marked with now, each with how many: counted, not
	// edited.
	SpecialCategories []SpecialCategoryInUseJSON `json:"special_categories"`
}

// SpecialCategoryInUseJSON is one special category in use.
type SpecialCategoryInUseJSON struct {
	Category  domaindpo.SpecialCategory `json:"category"`
	Documents int                       `json:"documents"`
	Contacts  int                       `json:"contacts"` // contacts marked whole or in a field
}

// RecordInJSON saves the record whole; version is the one edited (or
// If-Match); absent on the first save.
type RecordInJSON struct {
	domaindpo.ProcessingRecord
	Version *uint64 `json:"version,omitempty"`
}

func (s *Handlers) apiGetRecord(w http.ResponseWriter, r *http.Request) {
	rec, found, err := s.currentRecord(r)
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	special, err := s.deps.Register.SpecialCategoriesInUse(r.Context())
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	if found {
		w.Header().Set("ETag", web.VersionETag(rec.Version))
	}
	out := RecordJSON{ProcessingRecord: rec.ProcessingRecord, Saved: found, Version: rec.Version, SpecialCategories: []SpecialCategoryInUseJSON{}}
	for _, c := range special {
		out.SpecialCategories = append(out.SpecialCategories, SpecialCategoryInUseJSON{Category: c.Category, Documents: c.Documents, Contacts: c.Contacts})
	}
	web.WriteJSON(w, http.StatusOK, out)
}

func (s *Handlers) apiSaveRecord(w http.ResponseWriter, r *http.Request) {
	var in RecordInJSON
	if err := web.DecodeJSON(r, &in); err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	cmd := dpocmd.EditRecord{Actor: s.Actor(r), Record: in.ProcessingRecord, New: in.Version == nil && r.Header.Get("If-Match") == ""}
	var err error
	if !cmd.New {
		cmd.ExpectedVersion, err = web.ExpectedVersion(r.Header.Get("If-Match"), in.Version)
	}
	var res dpocmd.RecordResult
	if err == nil {
		res, err = s.deps.SaveRecord.Handle(r.Context(), cmd)
	}
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	s.Await(r.Context(), breachProjector, res.Position)
	s.apiGetRecord(w, r)
}

// publicNotice is the information to data subjects (art. 13/14), made
// from the saved record; without sign-in.
type publicNotice struct {
	domaindpo.ProcessingRecord
}

// errNoNotice is the public page's answer before the first save.
var errNoNotice = domain.NotFound("the information is not published yet").WithCode("record.notice.unpublished")

// noticePage answers anyone: the firm links to it from its engagement
// letters. Before the DPO saved the record there is nothing to publish.
func (s *Handlers) noticePage(w http.ResponseWriter, r *http.Request) {
	rec, found, err := s.savedRecord(r)
	if err == nil && !found {
		err = errNoNotice
	}
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	s.RenderPage(w, r, http.StatusOK, "dpo_notice", publicNotice{rec.ProcessingRecord})
}
