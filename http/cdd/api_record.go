package cdd

import (
	"net/http"
	"time"

	"github.com/go-chi/chi/v5"

	cddcmd "github.com/klient-crm/klient/commands/cdd"
	"github.com/klient-crm/klient/domain"
	domaincdd "github.com/klient-crm/klient/domain/cdd"
	"github.com/klient-crm/klient/http/web"
	cddmodel "github.com/klient-crm/klient/projections/cdd"
)

// RecordJSON is a matter's due-diligence record as the API answers it.
type RecordJSON struct {
	MatterID     string         `json:"matter_id"`
	ClientID     string         `json:"client_id"`
	Organisation bool           `json:"organisation"`
	Version      uint64         `json:"version"`
	Risk         *RiskJSON      `json:"risk"`
	Identity     *IdentityJSON  `json:"identity"`
	Owners       *OwnersJSON    `json:"owners"`
	PEP          *PEPJSON       `json:"pep"`
	Screening    *ScreeningJSON `json:"screening"`
	Decision     *DecisionOut   `json:"decision"`
	// IdentityCopy is the stored copy of the identity document (its bytes
	// at .../identity-copy); null before one.
	IdentityCopy *IdentityCopyJSON `json:"identity_copy"`
	Missing      []string          `json:"missing"`       // catalogue codes of what approval still needs
	NeedsOfficer bool              `json:"needs_officer"` // a high risk or a PEP: only the AML officer approves
	Erased       bool              `json:"erased"`
}

// IdentityCopyJSON describes the stored copy of the identity document.
type IdentityCopyJSON struct {
	Name        string `json:"name"`
	ContentType string `json:"content_type"`
	Size        int64  `json:"size"`
	SHA256      string `json:"sha256"`
	StoredAt    string `json:"stored_at"`
	StoredBy    string `json:"stored_by"`
}

// RiskJSON is the engagement's risk.
type RiskJSON struct {
	Factors           []string       `json:"factors"`
	Risk              domaincdd.Risk `json:"risk"`
	Reasons           string         `json:"reasons"`
	Score             int            `json:"score,omitempty"`
	AssessmentVersion int            `json:"assessment_version,omitempty"`
}

// IdentityJSON is how the client's identity was verified.
type IdentityJSON struct {
	Method     domaincdd.Method `json:"method"`
	VerifiedAt string           `json:"verified_at,omitempty"`
	VerifiedBy string           `json:"verified_by,omitempty"`
	Details    string           `json:"details,omitempty"`
}

// OwnersJSON is an organisation's beneficial owners, or why none.
type OwnersJSON struct {
	Owners     []OwnerJSON `json:"owners"`
	NoneReason string      `json:"none_reason,omitempty"`
}

// OwnerJSON is one beneficial owner.
type OwnerJSON struct {
	Name         string  `json:"name"`
	BirthDate    string  `json:"birth_date,omitempty"`
	SharePercent float64 `json:"share_percent"`
	Verification string  `json:"verification"`
}

// PEPJSON is the PEP question's answer.
type PEPJSON struct {
	Answer  domaincdd.PEPAnswer `json:"answer"`
	Details string              `json:"details,omitempty"`
}

// ScreeningJSON is the latest sanctions screening, with the list it was
// against.
type ScreeningJSON struct {
	ListID      string    `json:"list_id"`
	ListVersion string    `json:"list_version"`
	ListDate    string    `json:"list_date"`
	ScreenedAt  string    `json:"screened_at"`
	Hits        []HitJSON `json:"hits"`
}

// HitJSON is one hit and its review.
type HitJSON struct {
	EntryID   string      `json:"entry_id"`
	EntryName string      `json:"entry_name"`
	Screened  string      `json:"screened"`
	Score     float64     `json:"score"`
	Review    *ReviewJSON `json:"review"`
}

// ReviewJSON is a hit's review.
type ReviewJSON struct {
	Match  bool   `json:"match"`
	Reason string `json:"reason"`
}

// DecisionOut is the decision in force.
type DecisionOut struct {
	Decision  domaincdd.Decision `json:"decision"`
	Reason    string             `json:"reason"`
	ByOfficer bool               `json:"by_officer"`
	DecidedBy string             `json:"decided_by"`
	DecidedAt string             `json:"decided_at"`
}

// PartJSON is the body of PUT …/due-diligence: exactly one part.
type PartJSON struct {
	Version  *uint64       `json:"version"`
	Risk     *RiskJSON     `json:"risk"`
	Identity *IdentityJSON `json:"identity"`
	Owners   *OwnersJSON   `json:"owners"`
	PEP      *PEPJSON      `json:"pep"`
}

// StartJSON is the body of POST …/due-diligence.
type StartJSON struct {
	ClientID string `json:"client_id"`
}

// VersionJSON is a body that only names the version changed.
type VersionJSON struct {
	Version *uint64 `json:"version"`
}

// ReviewIn is the body of POST …/hits/{entry}.
type ReviewIn struct {
	Version *uint64 `json:"version"`
	Match   bool    `json:"match"`
	Reason  string  `json:"reason"`
}

// DecisionIn is the body of a decision.
type DecisionIn struct {
	Version  *uint64            `json:"version"`
	Decision domaincdd.Decision `json:"decision"`
	Reason   string             `json:"reason"`
}

func stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// recordOut is the API body of rec.
func recordOut(rec *domaincdd.Record) RecordJSON {
	v := rec.View()
	out := RecordJSON{MatterID: v.Started.MatterID, ClientID: v.Started.ClientID, Organisation: v.Started.Organisation,
		Version: rec.Version(), Missing: rec.Missing(), NeedsOfficer: rec.NeedsOfficer(), Erased: rec.Erased()}
	if out.Missing == nil {
		out.Missing = []string{}
	}
	if r := v.Risk; r != nil {
		out.Risk = &RiskJSON{Factors: r.Factors, Risk: r.Risk, Reasons: r.Reasons, Score: r.Score, AssessmentVersion: r.AssessmentVersion}
		if out.Risk.Factors == nil {
			out.Risk.Factors = []string{}
		}
	}
	if i := v.Identity; i != nil {
		out.Identity = &IdentityJSON{Method: i.Method, VerifiedAt: stamp(i.VerifiedAt), VerifiedBy: i.VerifiedBy, Details: i.Details}
	}
	if o := v.Owners; o != nil {
		out.Owners = &OwnersJSON{Owners: []OwnerJSON{}, NoneReason: o.NoneReason}
		for _, x := range o.Owners {
			out.Owners.Owners = append(out.Owners.Owners, OwnerJSON(x))
		}
	}
	if p := v.PEP; p != nil {
		out.PEP = &PEPJSON{Answer: p.Answer, Details: p.Details}
	}
	if s := v.Screening; s != nil {
		out.Screening = &ScreeningJSON{ListID: s.ListID, ListVersion: s.ListVersion, ListDate: stamp(s.ListDate),
			ScreenedAt: stamp(s.ScreenedAt), Hits: []HitJSON{}}
		for _, h := range s.Hits {
			hj := HitJSON{EntryID: h.EntryID, EntryName: h.EntryName, Screened: h.Screened, Score: h.Score}
			if rv, ok := v.Reviews[h.EntryID]; ok {
				hj.Review = &ReviewJSON{Match: rv.Match, Reason: rv.Reason}
			}
			out.Screening.Hits = append(out.Screening.Hits, hj)
		}
	}
	if d := v.Decided; d != nil {
		out.Decision = &DecisionOut{Decision: d.Decision, Reason: d.Reason, ByOfficer: d.ByOfficer, DecidedBy: d.DecidedBy, DecidedAt: stamp(d.DecidedAt)}
	}
	if c := v.IdentityCopy; c != nil && !rec.Erased() {
		out.IdentityCopy = &IdentityCopyJSON{Name: c.Name, ContentType: c.ContentType, Size: c.Size, SHA256: c.SHA256,
			StoredAt: stamp(c.StoredAt), StoredBy: c.StoredBy}
	}
	return out
}

// writeRecord answers with the record of matterID as the log holds it now,
// its version as ETag, and records the read of the client's data.
func (s *Handlers) writeRecord(w http.ResponseWriter, r *http.Request, matterID string, status int) {
	rec, err := s.readRecord(r, matterID)
	if err == nil && !rec.Exists() {
		err = domaincdd.RecordNotFound()
	}
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	w.Header().Set("ETag", web.VersionETag(rec.Version()))
	web.WriteJSON(w, status, recordOut(rec))
}

// readRecord reads matter matterID's record for the reader and logs the
// view of its client. The record is of one client, who may be the matter's
// co-client or no longer a party, which the matter's gate does not weigh:
// a record whose client is walled off from the reader answers exactly as
// an unknown matter.
func (s *Handlers) readRecord(r *http.Request, matterID string) (*domaincdd.Record, error) {
	rec, err := s.deps.Records.Load(r.Context(), matterID)
	if err != nil || !rec.Exists() {
		return rec, err
	}
	hidden, err := s.Hidden(r)
	if err != nil {
		return nil, err
	}
	if hidden.Has(rec.ClientID()) {
		p, _ := web.PrincipalOf(r.Context())
		s.Refused(r, p.StaffID, "walled")
		return nil, web.ErrNoSuchMatter
	}
	return rec, s.RecordView(r, []string{rec.ClientID()})
}

// written waits for the queue to show a change (read-your-writes), then
// answers with the record.
func (s *Handlers) written(w http.ResponseWriter, r *http.Request, res cddcmd.RecordResult, err error, status int) {
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	s.Await(r.Context(), cddmodel.Name, res.Position)
	s.writeRecord(w, r, res.MatterID, status)
}

// apiGetRecord is GET /api/v1/matters/{id}/due-diligence.
func (s *Handlers) apiGetRecord(w http.ResponseWriter, r *http.Request) {
	s.writeRecord(w, r, web.MatterOf(r).ID, http.StatusOK)
}

// apiStartRecord is POST /api/v1/matters/{id}/due-diligence: the record
// of the matter's client (client_id, or its first client).
func (s *Handlers) apiStartRecord(w http.ResponseWriter, r *http.Request) {
	var in StartJSON
	if err := web.DecodeJSON(r, &in); err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	res, err := s.deps.Start.Handle(r.Context(), cddcmd.StartRecord{Actor: s.Actor(r), MatterID: web.MatterOf(r).ID, ClientID: in.ClientID})
	s.written(w, r, res, err, http.StatusCreated)
}

// apiRecordPart is PUT /api/v1/matters/{id}/due-diligence: one part of
// the record, whole; a body naming none or more than one is refused.
func (s *Handlers) apiRecordPart(w http.ResponseWriter, r *http.Request) {
	var in PartJSON
	if err := web.DecodeJSON(r, &in); err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	version, err := web.ExpectedVersion(r.Header.Get("If-Match"), in.Version)
	cmd := cddcmd.RecordPart{Actor: s.Actor(r), MatterID: web.MatterOf(r).ID, ExpectedVersion: version}
	parts := 0
	if in.Risk != nil {
		parts++
		cmd.Risk = &cddcmd.RiskPart{Factors: in.Risk.Factors, Risk: in.Risk.Risk, Reasons: in.Risk.Reasons}
	}
	if in.Identity != nil {
		parts++
		at, terr := timeOf("identity.verified_at", in.Identity.VerifiedAt)
		err = domain.JoinProblems(err, terr)
		cmd.Identity = &cddcmd.IdentityPart{Method: in.Identity.Method, At: at, Details: in.Identity.Details}
	}
	if in.Owners != nil {
		parts++
		cmd.Owners = &cddcmd.OwnersPart{NoneReason: in.Owners.NoneReason}
		for _, o := range in.Owners.Owners {
			cmd.Owners.Owners = append(cmd.Owners.Owners, domaincdd.BeneficialOwner(o))
		}
	}
	if in.PEP != nil {
		parts++
		cmd.PEP = &cddcmd.PEPPart{Answer: in.PEP.Answer, Details: in.PEP.Details}
	}
	if parts != 1 && err == nil {
		err = domain.Invalid("part", "say which part of the record to fill in").WithCode("cdd.record.part")
	}
	var res cddcmd.RecordResult
	if err == nil {
		res, err = s.deps.Part.Handle(r.Context(), cmd)
	}
	s.written(w, r, res, err, http.StatusOK)
}

// apiScreen is POST …/due-diligence/screening: against the latest list.
func (s *Handlers) apiScreen(w http.ResponseWriter, r *http.Request) {
	change(s, w, r, func(_ VersionJSON, version uint64) (cddcmd.RecordResult, error) {
		return s.deps.Sanctions.HandleScreen(r.Context(), cddcmd.ScreenRecord{Actor: s.Actor(r), MatterID: web.MatterOf(r).ID, ExpectedVersion: version})
	})
}

// apiReviewHit is POST …/due-diligence/hits/{entry}: a hit reviewed.
func (s *Handlers) apiReviewHit(w http.ResponseWriter, r *http.Request) {
	change(s, w, r, func(in ReviewIn, version uint64) (cddcmd.RecordResult, error) {
		return s.deps.Decide.HandleReview(r.Context(), cddcmd.ReviewHit{Actor: s.Actor(r), MatterID: web.MatterOf(r).ID,
			ExpectedVersion: version, EntryID: chi.URLParam(r, "entry"), Match: in.Match, Reason: in.Reason})
	})
}

// apiDecide is POST …/due-diligence/decision.
func (s *Handlers) apiDecide(w http.ResponseWriter, r *http.Request) {
	s.decide(w, r, web.MatterOf(r).ID)
}

func (s *Handlers) decide(w http.ResponseWriter, r *http.Request, matterID string) {
	change(s, w, r, func(in DecisionIn, version uint64) (cddcmd.RecordResult, error) {
		return s.deps.Decide.Handle(r.Context(), cddcmd.DecideRecord{Actor: s.Actor(r), MatterID: matterID,
			ExpectedVersion: version, Decision: in.Decision, Reason: in.Reason})
	})
}

// versioned is a body that names the record's version it changes.
type versioned interface{ expected() *uint64 }

func (b VersionJSON) expected() *uint64 { return b.Version }
func (b ReviewIn) expected() *uint64    { return b.Version }
func (b DecisionIn) expected() *uint64  { return b.Version }

// change decodes a body of type T, takes the version the change expects
// (If-Match, else the body's), runs it and answers with the record.
func change[T versioned](s *Handlers, w http.ResponseWriter, r *http.Request, run func(in T, version uint64) (cddcmd.RecordResult, error)) {
	var in T
	if err := web.DecodeJSON(r, &in); err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	version, err := web.ExpectedVersion(r.Header.Get("If-Match"), in.expected())
	var res cddcmd.RecordResult
	if err == nil {
		res, err = run(in, version)
	}
	s.written(w, r, res, err, http.StatusOK)
}

func timeOf(field, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, domain.Invalid(field, "a time is written 2026-12-06T10:00:00Z").WithCode("cdd.time.format")
	}
	return t, nil
}
