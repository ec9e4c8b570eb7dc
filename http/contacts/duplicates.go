package contacts

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	contactcmd "github.com/klient-crm/klient/commands/contact"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/http/i18n"
	"github.com/klient-crm/klient/http/web"
	"github.com/klient-crm/klient/projections/contacts"
	dpomodel "github.com/klient-crm/klient/projections/dpo"
)

// Duplicates: a registration whose number another contact holds is
// refused by the command (contact.number.taken), naming that contact; the
// edge links to it only for those who may see it, and answers everyone
// else the same refusal without it. A registration that merely resembles
// a contact (projections/contacts' LikelyDuplicates) is held back once
// with the candidates, and goes through when sent again with "register
// anyway".

// DuplicateFinder is the contacts read model's likely-duplicate match;
// DuplicatesReadModel binds it to a database.
type DuplicateFinder interface {
	LikelyDuplicates(ctx context.Context, p contacts.Probe, opts contacts.Options) ([]contacts.Candidate, error)
	DuplicatePairs(ctx context.Context, opts contacts.Options, limit int) ([]contacts.Pair, error)
	NumberHolder(ctx context.Context, kind contacts.Kind, number, self string) (string, bool, error)
}

// DuplicatesReadModel returns the DuplicateFinder over db (a *pgxpool.Pool).
func DuplicatesReadModel(db contacts.DB) DuplicateFinder { return duplicates{db} }

type duplicates struct{ db contacts.DB }

func (d duplicates) DuplicatePairs(ctx context.Context, opts contacts.Options, limit int) ([]contacts.Pair, error) {
	return contacts.DuplicatePairs(ctx, d.db, opts, limit)
}

func (d duplicates) NumberHolder(ctx context.Context, kind contacts.Kind, number, self string) (string, bool, error) {
	return contacts.NumberHolder(ctx, d.db, kind, number, self)
}

func (d duplicates) LikelyDuplicates(ctx context.Context, p contacts.Probe, opts contacts.Options) ([]contacts.Candidate, error) {
	return contacts.LikelyDuplicates(ctx, d.db, p, opts)
}

// numberTakenCode is the command's refusal of a number another contact
// holds.
const numberTakenCode = "contact.number.taken"

// likelyCode is the refusal of a registration that resembles a contact.
const likelyCode = "contact.duplicate.likely"

// DuplicateJSON is one likely duplicate, in a refusal's duplicates.
type DuplicateJSON struct {
	ID          string   `json:"id"`
	Kind        string   `json:"kind"`
	DisplayName string   `json:"display_name"`
	Reasons     []string `json:"reasons"`
}

// DuplicateProblem is the problem of a refused registration: ExistingID
// names the contact that holds the number (contact.number.taken), only
// when the caller may see it; Duplicates the contacts the new one
// resembles (contact.duplicate.likely).
type DuplicateProblem struct {
	web.Problem
	ExistingID string          `json:"existing_id,omitempty"`
	Duplicates []DuplicateJSON `json:"duplicates,omitempty"`
}

// likelyDuplicates are the contacts, as the request's principal may see
// them, that a registration of details resembles. Details the command
// would refuse are not compared: the refusal comes first. id is the
// registration's chosen ID, which a resent registration already holds.
func (s *Handlers) likelyDuplicates(r *http.Request, id, kind string, person contact.PersonDetails, org contact.OrganisationDetails) ([]contacts.Candidate, error) {
	p := contacts.Probe{Kind: contacts.Kind(kind), Self: strings.ToLower(id)}
	now := time.Now() // only to read a ten-digit personnummer's century, as the command will
	switch kind {
	case kindPerson:
		d, err := contact.NormalisePersonDetails(person, now)
		if err != nil {
			return nil, nil
		}
		p.Name, p.Personnummer, p.Emails, p.Phones = d.GivenName+" "+d.FamilyName, d.Personnummer, d.Emails, d.Phones
	case kindOrganisation:
		d, err := contact.NormaliseOrganisationDetails(org, now)
		if err != nil {
			return nil, nil
		}
		p.Name, p.Emails, p.Phones = d.Name, d.Emails, d.Phones
	default:
		return nil, nil
	}
	hidden, err := s.Hidden(r)
	if err != nil {
		return nil, err
	}
	opts := contacts.Options{}
	for walled := range hidden {
		opts.Exclude = append(opts.Exclude, walled)
	}
	return s.deps.Duplicates.LikelyDuplicates(r.Context(), p, opts)
}

// unclaimedHolder refuses a registration whose number a contact holds
// without a claim: one registered before the claim streams, or by a batch
// import, which the command cannot see. A number the command would
// refuse, or none, passes here.
func (s *Handlers) unclaimedHolder(r *http.Request, id, kind string, person contact.PersonDetails, org contact.OrganisationDetails) error {
	p := contacts.Probe{Kind: contacts.Kind(kind), Self: strings.ToLower(id)}
	if kind == kindPerson {
		d, err := contact.NormalisePersonDetails(person, time.Now())
		if err != nil {
			return nil
		}
		p.Personnummer = d.Personnummer
	}
	number := numberOfProbe(p, person, org)
	if number == "" {
		return nil
	}
	holder, found, err := s.deps.Duplicates.NumberHolder(r.Context(), p.Kind, number, p.Self)
	if err != nil || !found {
		return err
	}
	return contact.NumberTakenError(contact.Kind(kind), holder)
}

// numberOfProbe is the normalised identity number a registration gives.
func numberOfProbe(p contacts.Probe, person contact.PersonDetails, org contact.OrganisationDetails) string {
	if p.Kind == contacts.KindOrganisation {
		d, err := contact.NormaliseOrganisationDetails(org, time.Now())
		if err != nil {
			return ""
		}
		return d.Organisationsnummer
	}
	return p.Personnummer
}

// likelyRefusal is the error of a registration held back as a likely
// duplicate.
func likelyRefusal() error {
	return domain.Conflict("the contact resembles one already registered; send again with create_anyway to register it").WithCode(likelyCode)
}

// duplicateProblem answers a refused registration: the problem, with the
// holder of the number when the caller may see it, or the likely
// duplicates.
func (s *Handlers) duplicateProblem(w http.ResponseWriter, r *http.Request, err error, found []contacts.Candidate) {
	p := DuplicateProblem{Problem: s.ProblemFor(r, err)}
	if existing, ok := s.numberHolder(r, err); ok {
		p.ExistingID = existing.ID
	}
	for _, c := range found {
		p.Duplicates = append(p.Duplicates, DuplicateJSON{ID: c.ID, Kind: string(c.Kind), DisplayName: c.DisplayName,
			Reasons: reasonCodes(c.Reasons)})
	}
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(p.Status)
	_ = json.NewEncoder(w).Encode(p)
}

// numberHolder is the contact a number refusal names, when the request's
// principal may see it: a walled or restricted holder is not named.
func (s *Handlers) numberHolder(r *http.Request, err error) (contacts.Contact, bool) {
	var taken *contact.NumberTaken
	if !errors.As(err, &taken) {
		return contacts.Contact{}, false
	}
	c, err := s.ReadContact(r, taken.Holder)
	return c, err == nil
}

func reasonCodes(rs []contacts.Reason) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = string(r)
	}
	return out
}

// duplicateView is one likely duplicate as the form's warning shows it.
type duplicateView struct {
	ID, Name, Reasons string
}

// duplicateViews words the candidates' reasons in the reader's language.
func duplicateViews(found []contacts.Candidate, lang i18n.Lang) []duplicateView {
	out := make([]duplicateView, len(found))
	for i, c := range found {
		words := make([]string, len(c.Reasons))
		for j, r := range c.Reasons {
			words[j] = i18n.T(lang, "contact.duplicate.reason."+string(r))
		}
		list := strings.Join(words, ", ")
		if n := len(words); n > 1 {
			list = strings.Join(words[:n-1], ", ") + " " + i18n.T(lang, "common.and") + " " + words[n-1]
		}
		out[i] = duplicateView{ID: c.ID, Name: c.DisplayName, Reasons: i18n.T(lang, "contact.duplicate.reasons", list)}
	}
	return out
}

// reviewLimit is how many pairs the review shows: the strongest first, a
// day's work rather than the whole register.
const reviewLimit = 100

// pairView is one pair of the review in the reader's words.
type pairView struct {
	A, B    duplicateView
	Reasons string
	Score   int // name similarity, percent
}

// reviewDuplicates is GET /contacts/duplicates: the pairs of contacts that
// look like one, ranked, each with why, through the reader's walls. Each
// leads to both contacts and to their comparison, where they are merged
// (pages_merge.go).
func (s *Handlers) reviewDuplicates(w http.ResponseWriter, r *http.Request) {
	hidden, err := s.Hidden(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	opts := contacts.Options{}
	for walled := range hidden {
		opts.Exclude = append(opts.Exclude, walled)
	}
	pairs, err := s.deps.Duplicates.DuplicatePairs(r.Context(), opts, reviewLimit)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	lang := web.LangOf(r.Context())
	views := make([]pairView, len(pairs))
	var subjects []string
	for i, p := range pairs {
		reasons := duplicateViews([]contacts.Candidate{{Reasons: p.Reasons}}, lang)[0].Reasons
		views[i] = pairView{A: duplicateView{ID: p.A.ID, Name: p.A.DisplayName}, B: duplicateView{ID: p.B.ID, Name: p.B.DisplayName},
			Reasons: reasons, Score: int(p.Similarity*100 + 0.5)}
		subjects = append(subjects, p.A.ID, p.B.ID)
	}
	if err := s.RecordView(r, subjects); err != nil {
		s.Fail(w, r, err)
		return
	}
	s.RenderPage(w, r, http.StatusOK, "duplicates", struct{ Pairs []pairView }{views})
}

// Merging two contacts that are one: the contact the route names is kept
// (the survivor) and merged_id is merged into it, with the details the
// caller chose field by field (details: the survivor's complete new
// details; absent keeps its own). The merged contact's ID then answers
// with a pointer to the survivor (API: 301 with Location and
// merged_into; pages: a redirect), as long as the reader may see it.

// mergeRequest merges merged_id into the contact of the route.
type mergeRequest struct {
	Version       *uint64    `json:"version,omitempty"`
	MergedID      string     `json:"merged_id"`
	MergedVersion *uint64    `json:"merged_version"`
	RawDetails    rawDetails `json:"details,omitempty"`
}

// rawDetails keeps the chosen details undecoded until the kind is known.
type rawDetails []byte

func (d *rawDetails) UnmarshalJSON(b []byte) error { *d = append((*d)[:0], b...); return nil }

// MergedJSON is the pointer the merged contact's ID answers with.
type MergedJSON struct {
	ID         string `json:"id"`
	MergedInto string `json:"merged_into"`
}

// apiMergeContact is POST /api/v1/contacts/{id}/merge.
func (s *Handlers) apiMergeContact(w http.ResponseWriter, r *http.Request) {
	var req mergeRequest
	version, err := decodeVersioned(r, &req, &req.Version)
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	if req.MergedVersion == nil {
		s.WriteProblem(w, r, domain.Invalid("merged_version", "give the version of the contact merged away").WithCode("request.field.required"))
		return
	}
	survivor, err := s.ReadContact(r, chi.URLParam(r, "id"))
	if err == nil {
		err = s.editableBy(r, survivor.ID) // special categories: special.go
	}
	if _, seen := s.ReadContact(r, req.MergedID); err == nil && seen == nil {
		// Only one the reader may see: of another, the command's refusal
		// is the unknown contact's, which tells nothing of a marking.
		err = s.editableBy(r, req.MergedID)
	}
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	cmd := contactcmd.MergeContacts{Actor: s.Actor(r), SurvivorID: survivor.ID, SurvivorVersion: version,
		MergedID: req.MergedID, MergedVersion: *req.MergedVersion}
	if len(req.RawDetails) > 0 && string(req.RawDetails) != "null" {
		if survivor.Kind == contacts.KindOrganisation {
			cmd.Organisation = new(contact.OrganisationDetails)
			err = web.DecodeStrict(req.RawDetails, cmd.Organisation, "details")
		} else {
			cmd.Person = new(contact.PersonDetails)
			err = web.DecodeStrict(req.RawDetails, cmd.Person, "details")
		}
		if err != nil {
			s.WriteProblem(w, r, err)
			return
		}
	}
	res, err := s.deps.Commands.Merge.Handle(r.Context(), cmd)
	if err != nil {
		s.CommandFailed(w, r, err)
		return
	}
	s.awaitMerge(r, res)
	s.writeContact(w, r, http.StatusOK, res.Survivor)
}

// movedBy are the read models that move what was the merged contact's to
// the survivor when they meet the merge (their merge.go).
var movedBy = []string{"matters", "conflict_index", "communications", "work"}

// awaitMerge waits (bounded) until the contacts read model shows both
// sides of the merge and the read models that follow it have moved what
// was the merged contact's: the survivor's page then lists it.
func (s *Handlers) awaitMerge(r *http.Request, res contactcmd.MergeResult) {
	s.AwaitContacts(r.Context(), res.Survivor)
	s.AwaitContacts(r.Context(), res.Merged)
	for _, projector := range movedBy {
		s.Await(r.Context(), projector, res.Merged.Position)
	}
	if res.Marked != (eventstore.Position{}) {
		// The merged contact's markings went to the survivor: its page
		// hides what they cover from then on.
		s.Await(r.Context(), dpomodel.SpecialContactsName, res.Marked)
	}
}

// survivorOf is the contact err says the read one was merged into, when
// the reader may see it: a survivor behind a wall answers as the merged
// contact would if it were unknown.
func (s *Handlers) survivorOf(r *http.Request, c contacts.Contact, err error) (string, bool) {
	if !web.HasCode(err, contacts.MergedCode) || c.MergedInto == "" {
		return "", false
	}
	if _, err := s.ReadContact(r, c.MergedInto); err != nil {
		return "", false
	}
	return c.MergedInto, true
}

// mergedAway answers a read of a merged contact: a pointer to the
// survivor, or, when the reader may not see it, the unknown contact's 404.
func (s *Handlers) mergedAway(w http.ResponseWriter, r *http.Request, c contacts.Contact, err error, api bool) bool {
	if !web.HasCode(err, contacts.MergedCode) {
		return false
	}
	survivor, ok := s.survivorOf(r, c, err)
	switch {
	case !ok:
		s.Fail(w, r, web.ErrNoSuchContact)
	case api:
		w.Header().Set("Location", "/api/v1/contacts/"+survivor)
		web.WriteJSON(w, http.StatusMovedPermanently, MergedJSON{ID: c.ID, MergedInto: survivor})
	default:
		http.Redirect(w, r, "/contacts/"+survivor, http.StatusMovedPermanently)
	}
	return true
}
