package cdd

import (
	"embed"
	"errors"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	cddcmd "github.com/klient-crm/klient/commands/cdd"
	"github.com/klient-crm/klient/domain"
	domaincdd "github.com/klient-crm/klient/domain/cdd"
	"github.com/klient-crm/klient/http/web"
	cddmodel "github.com/klient-crm/klient/projections/cdd"
	"github.com/klient-crm/klient/projections/matters"
)

// Templates are this context's pages, parsed by the kit with the one layout.
//
//go:embed templates
var Templates embed.FS

// recordPage is a matter's record: its status, and the forms of its parts
// (for the lawyer) or of the decision alone (for the AML officer).
type recordPage struct {
	Matter     matters.Matter
	Started    bool
	R          RecordJSON
	Client     string // the client's name, through the reader's walls
	Officer    bool
	Base       string // where the forms post
	Done       string
	Failed     string // the part whose form was refused
	Form       web.FormState
	Factors    []factorChoice
	OwnerRows  []ownerRow
	Risks      []domaincdd.Risk
	Methods    []domaincdd.Method
	PEPAnswers []domaincdd.PEPAnswer
	Decisions  []domaincdd.Decision
}

type factorChoice struct {
	domaincdd.Factor
	Checked bool
}

type ownerRow struct {
	N                                    int
	Name, BirthDate, Share, Verification string
}

// FormOf is the refused form of part, else an empty one.
func (p recordPage) FormOf(part string) web.FormState {
	if p.Failed == part {
		return p.Form
	}
	return web.FormState{}
}

// RiskValue and RiskReasons fill the risk form with what stands.
func (p recordPage) RiskValue() string {
	if p.R.Risk == nil {
		return string(domaincdd.RiskNormal)
	}
	return string(p.R.Risk.Risk)
}

func (p recordPage) RiskReasons() string {
	if p.R.Risk == nil {
		return ""
	}
	return p.R.Risk.Reasons
}

// PEPValue is the PEP answer that stands.
func (p recordPage) PEPValue() string {
	if p.R.PEP == nil {
		return string(domaincdd.PEPNo)
	}
	return string(p.R.PEP.Answer)
}

var recordDone = map[string]string{"start": "cdd.done.start", "risk": "cdd.done.part", "identity": "cdd.done.part", "owners": "cdd.done.part",
	"pep": "cdd.done.part", "screening": "cdd.done.screening", "hit": "cdd.done.review", "decision": "cdd.done.decision", "list": "cdd.done.list",
	"identity_copy": "cdd.done.identity_copy"}

// recordPageOf reads the page of matterID's record.
func (s *Handlers) recordPageOf(r *http.Request, m matters.Matter, officer bool) (recordPage, error) {
	p := recordPage{Matter: m, Officer: officer, Base: "/matters/" + m.ID + "/due-diligence", Done: recordDone[r.URL.Query().Get("done")],
		Risks: domaincdd.Risks, Methods: domaincdd.Methods, PEPAnswers: domaincdd.PEPAnswers, Decisions: domaincdd.Decisions}
	if officer {
		p.Base, p.Decisions = "/due-diligence/records/"+m.ID, []domaincdd.Decision{domaincdd.DecisionApproved, domaincdd.DecisionDeclined}
	}
	rec, err := s.readRecord(r, m.ID)
	if err != nil || !rec.Exists() {
		return p, err
	}
	p.Started, p.R = true, recordOut(rec)
	if refs, err := s.ContactRefsByID(r, []string{rec.ClientID()}); err == nil {
		p.Client = refs[rec.ClientID()].Name
	} else {
		return p, err
	}
	a, err := s.deps.Records.Assessment(r.Context())
	if err != nil {
		return p, err
	}
	for _, f := range a.Current().Factors {
		p.Factors = append(p.Factors, factorChoice{Factor: f, Checked: p.R.Risk != nil && slices.Contains(p.R.Risk.Factors, f.Code)})
	}
	var owners []OwnerJSON
	if p.R.Owners != nil {
		owners = p.R.Owners.Owners
	}
	for i := range max(len(owners)+1, 2) {
		row := ownerRow{N: i + 1}
		if i < len(owners) {
			o := owners[i]
			row.Name, row.BirthDate, row.Share, row.Verification = o.Name, o.BirthDate, strconv.FormatFloat(o.SharePercent, 'f', -1, 64), o.Verification
		}
		p.OwnerRows = append(p.OwnerRows, row)
	}
	return p, nil
}

// recordPageGet is GET /matters/{id}/due-diligence.
func (s *Handlers) recordPageGet(w http.ResponseWriter, r *http.Request) {
	p, err := s.recordPageOf(r, web.MatterOf(r), false)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	s.RenderPage(w, r, http.StatusOK, "cdd_record", p)
}

// recordPost takes one step on the record from its page: part names the
// form, and what it posts decides the command.
func (s *Handlers) recordPost(part string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !s.ParseForm(w, r) {
			return
		}
		m := web.MatterOf(r)
		err := s.step(r, m.ID, part)
		if err != nil {
			s.refusedForm(w, r, m, part, err, false)
			return
		}
		http.Redirect(w, r, "/matters/"+m.ID+"/due-diligence?done="+part, http.StatusSeeOther)
	}
}

// step runs part's command with the posted form.
func (s *Handlers) step(r *http.Request, matterID, part string) error {
	f, actor := r.PostForm, s.Actor(r)
	version, verr := strconv.ParseUint(f.Get("version"), 10, 64)
	if verr != nil && part != "start" {
		return domain.Invalid("version", "reload the page and try again").WithCode("request.version.required")
	}
	var res cddcmd.RecordResult
	var err error
	ctx := r.Context()
	switch part {
	case "start":
		res, err = s.deps.Start.Handle(ctx, cddcmd.StartRecord{Actor: actor, MatterID: matterID})
	case "risk":
		res, err = s.deps.Part.Handle(ctx, cddcmd.RecordPart{Actor: actor, MatterID: matterID, ExpectedVersion: version,
			Risk: &cddcmd.RiskPart{Factors: f["factors"], Risk: domaincdd.Risk(f.Get("risk")), Reasons: f.Get("reasons")}})
	case "identity":
		res, err = s.deps.Part.Handle(ctx, cddcmd.RecordPart{Actor: actor, MatterID: matterID, ExpectedVersion: version,
			Identity: &cddcmd.IdentityPart{Method: domaincdd.Method(f.Get("method")), Details: f.Get("details")}})
	case "owners":
		var owners []domaincdd.BeneficialOwner
		names, births, shares, how := f["owner_name"], f["owner_birth"], f["owner_share"], f["owner_verification"]
		for i, n := range names {
			at := func(list []string) string {
				if i < len(list) {
					return list[i]
				}
				return ""
			}
			if strings.TrimSpace(n+at(births)+at(shares)+at(how)) == "" {
				continue
			}
			share, serr := strconv.ParseFloat(strings.ReplaceAll(strings.TrimSpace(at(shares)), ",", "."), 64)
			if serr != nil {
				return domain.Invalid("owners", "write the share as a number of per cent").WithCode("cdd.owners.share")
			}
			owners = append(owners, domaincdd.BeneficialOwner{Name: n, BirthDate: at(births), SharePercent: share, Verification: at(how)})
		}
		res, err = s.deps.Part.Handle(ctx, cddcmd.RecordPart{Actor: actor, MatterID: matterID, ExpectedVersion: version,
			Owners: &cddcmd.OwnersPart{Owners: owners, NoneReason: f.Get("none_reason")}})
	case "pep":
		res, err = s.deps.Part.Handle(ctx, cddcmd.RecordPart{Actor: actor, MatterID: matterID, ExpectedVersion: version,
			PEP: &cddcmd.PEPPart{Answer: domaincdd.PEPAnswer(f.Get("answer")), Details: f.Get("details")}})
	case "screening":
		res, err = s.deps.Sanctions.HandleScreen(ctx, cddcmd.ScreenRecord{Actor: actor, MatterID: matterID, ExpectedVersion: version})
	case "hit":
		res, err = s.deps.Decide.HandleReview(ctx, cddcmd.ReviewHit{Actor: actor, MatterID: matterID, ExpectedVersion: version,
			EntryID: chi.URLParam(r, "entry"), Match: f.Get("match") == "true", Reason: f.Get("reason")})
	case "decision":
		res, err = s.deps.Decide.Handle(ctx, cddcmd.DecideRecord{Actor: actor, MatterID: matterID, ExpectedVersion: version,
			Decision: domaincdd.Decision(f.Get("decision")), Reason: f.Get("reason")})
	default:
		return errors.New("cdd: no such step " + part)
	}
	if err == nil {
		s.Await(ctx, cddmodel.Name, res.Position)
	}
	return err
}

// refusedForm shows the record's page again with part's form refused.
func (s *Handlers) refusedForm(w http.ResponseWriter, r *http.Request, m matters.Matter, part string, err error, officer bool) {
	reload := "/matters/" + m.ID + "/due-diligence"
	if officer {
		reload = "/due-diligence/records/" + m.ID
	}
	form, status, ok := s.FailedForm(r, err, reload)
	if !ok {
		s.Fail(w, r, err)
		return
	}
	p, perr := s.recordPageOf(r, m, officer)
	if perr != nil {
		s.Fail(w, r, perr)
		return
	}
	p.Failed, p.Form = part, form
	s.RenderPage(w, r, status, "cdd_record", p)
}

// officerPage is the AML officer's start: the queue, the list, the
// general assessment.
type officerPage struct {
	Done       string
	Queue      []queueRow
	Watch      []namedWatch
	Run        *cddmodel.Run
	List       *domaincdd.ListInfo
	ListForm   web.FormState
	Assessment domaincdd.RiskAssessmentPublished
}

type queueRow struct {
	MatterID, Name, Risk string
	Hits                 int
	Since                time.Time
}

func (s *Handlers) officerPageOf(r *http.Request) (officerPage, error) {
	p := officerPage{Done: recordDone[r.URL.Query().Get("done")]}
	list, err := s.escalated(r, 200, nil)
	if err != nil {
		return p, err
	}
	ids := make([]string, len(list))
	for i, x := range list {
		ids[i] = x.MatterID
	}
	found, err := s.Shared().Matters.GetMany(r.Context(), ids)
	if err != nil {
		return p, err
	}
	byID := map[string]matters.Matter{}
	for _, m := range found {
		if !m.Erased { // erased meanwhile: nothing to decide
			byID[m.ID] = m
		}
	}
	for _, x := range list {
		if m, ok := byID[x.MatterID]; ok {
			p.Queue = append(p.Queue, queueRow{MatterID: x.MatterID, Name: m.Number + " " + m.Title, Risk: x.Risk, Hits: x.Hits, Since: x.UpdatedAt})
		}
	}
	if info, found, err := s.deps.Lists.Latest(r.Context()); err != nil {
		return p, err
	} else if found {
		p.List = &info
	}
	if run, found, err := s.deps.Runs.LastRun(r.Context()); err != nil {
		return p, err
	} else if found && p.List != nil && run.ListID == p.List.ID {
		p.Run = &run
	}
	if p.Watch, err = s.watched(r, 200); err != nil {
		return p, err
	}
	a, err := s.deps.Records.Assessment(r.Context())
	if err != nil {
		return p, err
	}
	p.Assessment = a.Current()
	return p, nil
}

// officerPageGet is GET /due-diligence.
func (s *Handlers) officerPageGet(w http.ResponseWriter, r *http.Request) {
	p, err := s.officerPageOf(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	s.RenderPage(w, r, http.StatusOK, "cdd_officer", p)
}

// importListPage is POST /due-diligence/lists: the file from the form.
func (s *Handlers) importListPage(w http.ResponseWriter, r *http.Request) {
	file, err := s.readListUpload(r)
	if err == nil {
		_, err = s.deps.Sanctions.HandleImport(r.Context(), cddcmd.ImportList{Actor: s.Actor(r), File: file})
	}
	if err != nil {
		form, status, ok := s.FailedForm(r, err, "/due-diligence")
		if !ok {
			s.Fail(w, r, err)
			return
		}
		p, perr := s.officerPageOf(r)
		if perr != nil {
			s.Fail(w, r, perr)
			return
		}
		p.ListForm = form
		s.RenderPage(w, r, status, "cdd_officer", p)
		return
	}
	http.Redirect(w, r, "/due-diligence?done=list", http.StatusSeeOther)
}

// readListUpload reads the form's file part.
func (s *Handlers) readListUpload(r *http.Request) ([]byte, error) {
	_, _, file, err := web.StreamedUpload(r)
	if err != nil {
		return nil, err
	}
	if file == nil {
		return nil, domain.Invalid("file", "choose the list's file").WithCode("cdd.list.empty")
	}
	data, err := io.ReadAll(file)
	if err != nil {
		return nil, web.FormError(err)
	}
	return data, nil
}

// officerRecordPage is GET /due-diligence/records/{id}.
func (s *Handlers) officerRecordPage(w http.ResponseWriter, r *http.Request) {
	m, err := s.officerMatter(r)
	if err != nil {
		s.refuse(w, r, err)
		return
	}
	p, err := s.recordPageOf(r, m, true)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	s.RenderPage(w, r, http.StatusOK, "cdd_record", p)
}

// officerDecidePage is POST /due-diligence/records/{id}/decision.
func (s *Handlers) officerDecidePage(w http.ResponseWriter, r *http.Request) {
	m, err := s.officerMatter(r)
	if err != nil {
		s.refuse(w, r, err)
		return
	}
	if !s.ParseForm(w, r) {
		return
	}
	if err := s.step(r, m.ID, "decision"); err != nil {
		s.refusedForm(w, r, m, "decision", err, true)
		return
	}
	http.Redirect(w, r, "/due-diligence/records/"+m.ID+"?done=decision", http.StatusSeeOther)
}
