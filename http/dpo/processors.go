package dpo

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/google/uuid"

	dpocmd "github.com/klient-crm/klient/commands/dpo"
	domaindpo "github.com/klient-crm/klient/domain/dpo"
	"github.com/klient-crm/klient/http/i18n"
	"github.com/klient-crm/klient/http/web"
	dpomodel "github.com/klient-crm/klient/projections/dpo"
)

// The register of processors and transfers (art. 28, 44–46): who
// processes the firm's data for it, where, under which transfer
// mechanism, and when each is next reviewed (the DPO's start page reminds
// of reviews due). Processors are companies: nothing here is sealed.

// processorRow is a processor as the pages show it.
type processorRow struct {
	dpomodel.Processor
	ReviewDue bool
}

func (s *Handlers) processorRows(list []dpomodel.Processor) []processorRow {
	now := s.deps.Clock()
	out := make([]processorRow, len(list))
	for i, p := range list {
		out[i] = processorRow{Processor: p, ReviewDue: p.ReviewDue(now)}
	}
	return out
}

type processorsPage struct {
	Processors []processorRow
	MayDecide  bool
}

func (s *Handlers) processorsPage(w http.ResponseWriter, r *http.Request) {
	list, err := s.deps.Register.Processors(r.Context())
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	s.RenderPage(w, r, http.StatusOK, "dpo_processors", processorsPage{Processors: s.processorRows(list), MayDecide: mayDecide(r)})
}

// processorPage is the form of one processor: new, or the latest version.
type processorPage struct {
	Form       web.FormState
	New        bool
	ID         string
	Version    uint64
	MayDecide  bool
	Mechanisms []domaindpo.Mechanism
	Done       string // saved or agreement
	// History is every save and every signed agreement uploaded, the
	// latest first; Upload the agreement's form (refused: its message).
	History  []processorHistoryLine
	Upload   web.FormState
	UploadID string // the upload the form sends, so a resent form stores nothing twice
}

func day(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(i18n.Stockholm).Format("2006-01-02")
}

func processorValues(p domaindpo.ProcessorRecorded) url.Values {
	return url.Values{"name": {p.Name}, "service": {p.Service}, "data_categories": {p.DataCategories},
		"sub_processors": {p.SubProcessors}, "countries": {strings.Join(p.Countries, ", ")}, "mechanism": {string(p.Mechanism)},
		"transfer_assessed": {day(p.TransferAssessed)}, "agreement_signed": {day(p.AgreementSigned)}, "review_by": {day(p.ReviewBy)}}
}

func (s *Handlers) newProcessorPage(w http.ResponseWriter, r *http.Request) {
	v := url.Values{"processor_id": {uuid.Must(uuid.NewV7()).String()}, "mechanism": {string(domaindpo.MechanismNone)},
		"review_by": {day(s.deps.Clock().AddDate(1, 0, 0))}}
	s.RenderPage(w, r, http.StatusOK, "dpo_processor", processorPage{Form: web.FormState{Values: v}, New: true, MayDecide: true,
		Mechanisms: domaindpo.Mechanisms})
}

func (s *Handlers) processorPage(w http.ResponseWriter, r *http.Request) {
	s.renderProcessor(w, r, http.StatusOK, processorPage{Done: r.URL.Query().Get("done")})
}

// renderProcessor shows the processor the path names as last saved, with
// its history and page's message.
func (s *Handlers) renderProcessor(w http.ResponseWriter, r *http.Request, status int, page processorPage) {
	p, err := s.deps.Register.Processor(r.Context(), chi.URLParam(r, "id"))
	if err == nil {
		page.History, err = s.processorHistory(r, p.ProcessorID)
	}
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	page.Form = web.FormState{Values: processorValues(p.ProcessorRecorded)}
	page.ID, page.Version, page.MayDecide, page.Mechanisms = p.ProcessorID, p.Version, mayDecide(r), domaindpo.Mechanisms
	page.UploadID = uuid.Must(uuid.NewV7()).String()
	s.RenderPage(w, r, status, "dpo_processor", page)
}

// processorOf reads the form; a date that cannot be read is its field's
// problem.
func processorOf(f url.Values) (domaindpo.ProcessorRecorded, error) {
	p := domaindpo.ProcessorRecorded{ProcessorID: f.Get("processor_id"), Name: f.Get("name"), Service: f.Get("service"),
		DataCategories: f.Get("data_categories"), SubProcessors: f.Get("sub_processors"),
		Countries: strings.FieldsFunc(f.Get("countries"), func(r rune) bool { return r == ',' || r == ' ' }),
		Mechanism: domaindpo.Mechanism(f.Get("mechanism"))}
	var errs []error
	for _, d := range []struct {
		name string
		t    *time.Time
	}{{"transfer_assessed", &p.TransferAssessed}, {"agreement_signed", &p.AgreementSigned}, {"review_by", &p.ReviewBy}} {
		t, ok := web.ParseDay(f.Get(d.name))
		if !ok {
			errs = append(errs, web.BadRequest(web.ErrMalformed, d.name, "processor.date.invalid", "give a date"))
		}
		*d.t = t
	}
	return p, web.FirstErr(errs...)
}

func (s *Handlers) saveProcessor(w http.ResponseWriter, r *http.Request) {
	if !s.ParseForm(w, r) {
		return
	}
	id, isNew := chi.URLParam(r, "id"), chi.URLParam(r, "id") == ""
	p, err := processorOf(r.PostForm)
	cmd := dpocmd.RecordProcessor{Actor: s.Actor(r), New: isNew}
	if !isNew {
		p.ProcessorID = id
		if err == nil {
			cmd.ExpectedVersion, err = web.VersionOf(r.PostForm)
		}
	}
	cmd.Processor = p
	var res dpocmd.ProcessorResult
	if err == nil {
		res, err = s.deps.SaveProcessor.Handle(r.Context(), cmd)
	}
	if err != nil {
		form, status, ok := s.FailedForm(r, err, r.URL.Path)
		if !ok {
			s.Fail(w, r, err)
			return
		}
		version, _ := web.VersionOf(r.PostForm)
		s.RenderPage(w, r, status, "dpo_processor", processorPage{Form: form, New: isNew, ID: id, Version: version, MayDecide: true,
			Mechanisms: domaindpo.Mechanisms})
		return
	}
	s.Await(r.Context(), breachProjector, res.Position)
	http.Redirect(w, r, "/registers/processors/"+res.ProcessorID+"?done=saved", http.StatusSeeOther)
}

// ProcessorJSON is a processor as the API shows and takes it; dates are
// days (YYYY-MM-DD, Stockholm).
type ProcessorJSON struct {
	ID               string              `json:"id,omitempty"`
	Name             string              `json:"name"`
	Service          string              `json:"service"`
	DataCategories   string              `json:"data_categories"`
	SubProcessors    string              `json:"sub_processors,omitempty"`
	Countries        []string            `json:"countries"`
	ThirdCountries   []string            `json:"third_countries,omitempty"`
	Mechanism        domaindpo.Mechanism `json:"mechanism"`
	TransferAssessed string              `json:"transfer_assessed,omitempty"`
	AgreementSigned  string              `json:"agreement_signed,omitempty"`
	ReviewBy         string              `json:"review_by"`
	ReviewDue        bool                `json:"review_due,omitempty"`
	Version          *uint64             `json:"version,omitempty"`
}

func processorOut(p processorRow) ProcessorJSON {
	v := p.Version
	return ProcessorJSON{ID: p.ProcessorID, Name: p.Name, Service: p.Service, DataCategories: p.DataCategories,
		SubProcessors: p.SubProcessors, Countries: p.Countries, ThirdCountries: p.ThirdCountries, Mechanism: p.Mechanism,
		TransferAssessed: day(p.TransferAssessed), AgreementSigned: day(p.AgreementSigned), ReviewBy: day(p.ReviewBy),
		ReviewDue: p.ReviewDue, Version: &v}
}

func (s *Handlers) apiListProcessors(w http.ResponseWriter, r *http.Request) {
	list, err := s.deps.Register.Processors(r.Context())
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	items := []ProcessorJSON{}
	for _, p := range s.processorRows(list) {
		items = append(items, processorOut(p))
	}
	web.WriteJSON(w, http.StatusOK, web.PageJSON(items, ""))
}

// apiSaveProcessor is POST /api/v1/processors (new) and PUT
// /api/v1/processors/{id} (whole, with If-Match or version).
func (s *Handlers) apiSaveProcessor(w http.ResponseWriter, r *http.Request) {
	var in ProcessorJSON
	if err := web.DecodeJSON(r, &in); err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	id := chi.URLParam(r, "id")
	f := url.Values{"processor_id": {in.ID}, "name": {in.Name}, "service": {in.Service}, "data_categories": {in.DataCategories},
		"sub_processors": {in.SubProcessors}, "countries": {strings.Join(in.Countries, ",")}, "mechanism": {string(in.Mechanism)},
		"transfer_assessed": {in.TransferAssessed}, "agreement_signed": {in.AgreementSigned}, "review_by": {in.ReviewBy}}
	p, err := processorOf(f)
	cmd := dpocmd.RecordProcessor{Actor: s.Actor(r), New: id == ""}
	if id != "" && err == nil {
		p.ProcessorID = id
		cmd.ExpectedVersion, err = web.ExpectedVersion(r.Header.Get("If-Match"), in.Version)
	}
	cmd.Processor = p
	var res dpocmd.ProcessorResult
	if err == nil {
		res, err = s.deps.SaveProcessor.Handle(r.Context(), cmd)
	}
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	s.Await(r.Context(), breachProjector, res.Position)
	saved, err := s.deps.Register.Processor(r.Context(), res.ProcessorID)
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	status := http.StatusOK
	if cmd.New {
		status = http.StatusCreated
		w.Header().Set("Location", "/api/v1/processors/"+res.ProcessorID)
	}
	w.Header().Set("ETag", web.VersionETag(saved.Version))
	web.WriteJSON(w, status, processorOut(s.processorRows([]dpomodel.Processor{saved})[0]))
}
