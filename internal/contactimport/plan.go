package contactimport

import (
	"context"
	"crypto/sha256"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/projections/contacts"
	gdprmodel "github.com/klient-crm/klient/projections/gdpr"
)

// Outcome is what the dry run found for a row.
type Outcome string

// The outcomes of a row.
const (
	OutcomeNew       Outcome = "new"       // will be created
	OutcomeInvalid   Outcome = "invalid"   // its problems stop it
	OutcomeRepeated  Outcome = "repeated"  // the same row is earlier in the file
	OutcomeImported  Outcome = "imported"  // an earlier run of this file made it
	OutcomeDuplicate Outcome = "duplicate" // likely an existing contact: skip, merge into or create
	OutcomeWithheld  Outcome = "withheld"  // skipped, and why is not said (erased, restricted, objected)
)

// Decision is what is done with a row.
type Decision string

// The decisions. Merge fills the empty fields of the matched contact.
const (
	DecisionCreate Decision = "create"
	DecisionSkip   Decision = "skip"
	DecisionMerge  Decision = "merge"
)

// ParseDecision reads a decision as spelt here.
func ParseDecision(s string) (Decision, bool) {
	switch d := Decision(s); d {
	case DecisionCreate, DecisionSkip, DecisionMerge:
		return d, true
	}
	return "", false
}

// Match is the existing contact a row likely is.
type Match struct {
	ContactID string
	Name      string
	Exact     bool // the same personnummer or organisationsnummer
}

// PlanRow is one row of the dry run.
type PlanRow struct {
	Line      int
	Name      string
	Outcome   Outcome
	Problems  []Problem
	Match     *Match   // for OutcomeDuplicate
	Decision  Decision // what the run does unless told otherwise
	ContactID string   // the ID the row's contact is created under
	record    Record
}

// Choices are the decisions a row may take.
func (r PlanRow) Choices() []Decision {
	switch r.Outcome {
	case OutcomeNew:
		return []Decision{DecisionCreate, DecisionSkip}
	case OutcomeDuplicate:
		return []Decision{DecisionSkip, DecisionMerge, DecisionCreate}
	}
	return nil
}

// Counts sums a plan's outcomes.
type Counts struct {
	Rows, New, Invalid, Repeated, Imported, Duplicates, Withheld int
}

// Plan is the dry run of one file under one mapping: per row what was
// found and what will be done. Nothing is written to make it.
type Plan struct {
	ImportID string
	Format   Format
	Encoding string
	Rows     []PlanRow
	Counts   Counts
}

// ImportID is the import's ID: a UUID from the file's bytes, so that the
// same file imported again has the same ID and its rows the same contact
// IDs, and creates nothing new. It tells nothing of the file but to one
// who already holds it.
func ImportID(data []byte) string {
	sum := sha256.Sum256(data)
	return uuid.NewSHA1(importSpace, sum[:]).String()
}

// importSpace is the UUID namespace of import IDs and the contacts'
// IDs derived from them.
var importSpace = uuid.MustParse("4f1f6a52-5e0b-4f7a-9a55-2f0c6c1e4b11")

// rowContactID is the ID a row's contact gets: from the import and the
// row's own text, so two equal rows are one contact.
func rowContactID(importID string, fingerprint [32]byte) string {
	return uuid.NewSHA1(uuid.MustParse(importID), fingerprint[:]).String()
}

// DB is what the dry run reads: the contacts read model and the
// register's subjects.
type DB = contacts.DB

// DryRun reads the file's rows through m and finds, for each, its
// problems, whether it repeats an earlier row or an earlier import, and
// the existing contact it likely is. A match the actor may not see (a
// wall) is no match: the row then reads as new, which tells nothing.
func DryRun(ctx context.Context, db DB, actor journal.Actor, data []byte, t Table, m Mapping, now time.Time) (Plan, error) {
	recs, err := Records(t, m, now)
	if err != nil {
		return Plan{}, err
	}
	p := Plan{ImportID: ImportID(data), Format: t.Format, Encoding: t.Encoding, Rows: make([]PlanRow, len(recs))}
	seen := map[[32]byte]bool{}
	var ids []string
	var candidates []contacts.ImportCandidate
	var candidateRow []int
	for i, r := range recs {
		row := PlanRow{Line: r.Line, Name: r.Name(), Problems: r.Problems, record: r,
			ContactID: rowContactID(p.ImportID, r.Fingerprint)}
		switch {
		case !r.Valid():
			row.Outcome = OutcomeInvalid
		case seen[r.Fingerprint]:
			row.Outcome = OutcomeRepeated
		default:
			row.Outcome, row.Decision = OutcomeNew, DecisionCreate
			ids = append(ids, row.ContactID)
			candidates, candidateRow = append(candidates, candidateOf(r)), append(candidateRow, i)
		}
		seen[r.Fingerprint] = true
		p.Rows[i] = row
	}
	if err := p.markImported(ctx, db, ids); err != nil {
		return Plan{}, err
	}
	if err := p.markMatches(ctx, db, actor, candidates, candidateRow); err != nil {
		return Plan{}, err
	}
	p.count()
	return p, nil
}

func candidateOf(r Record) contacts.ImportCandidate {
	if r.Person != nil {
		return contacts.ImportCandidate{Kind: contacts.KindPerson, Name: r.Name(), Number: r.Person.Personnummer,
			Emails: r.Person.Emails, Phones: r.Person.Phones}
	}
	return contacts.ImportCandidate{Kind: contacts.KindOrganisation, Name: r.Name(), Number: r.Organisation.Organisationsnummer,
		Emails: r.Organisation.Emails, Phones: r.Organisation.Phones}
}

// markImported finds the rows an earlier run of the same file made; an
// erased or restricted one is withheld, and says no more.
func (p *Plan) markImported(ctx context.Context, db DB, ids []string) error {
	states, err := contacts.ImportStates(ctx, db, ids)
	if err != nil {
		return err
	}
	for i := range p.Rows {
		r := &p.Rows[i]
		s, ok := states[r.ContactID]
		switch {
		case r.Outcome != OutcomeNew || !ok:
		case s.Erased || s.Restricted:
			r.Outcome, r.Decision, r.Name = OutcomeWithheld, DecisionSkip, ""
		default:
			r.Outcome, r.Decision = OutcomeImported, DecisionSkip
		}
	}
	return nil
}

// markMatches marks the rows that are likely existing contacts. A row
// whose match is erased, restricted or has objected is withheld.
func (p *Plan) markMatches(ctx context.Context, db DB, actor journal.Actor, candidates []contacts.ImportCandidate, rowOf []int) error {
	matches, err := contacts.ImportMatches(ctx, db, candidates)
	if err != nil {
		return err
	}
	var matched []string
	for _, m := range matches {
		matched = append(matched, m.ContactID)
	}
	objected, err := objectedSubjects(ctx, db, matched)
	if err != nil {
		return err
	}
	for _, m := range matches {
		r := &p.Rows[rowOf[m.Row]]
		switch {
		case r.Outcome == OutcomeWithheld || r.Outcome == OutcomeImported || !actor.Sees(m.ContactID):
		case m.Erased || m.Restricted || objected[m.ContactID]:
			r.Outcome, r.Decision, r.Match, r.Name = OutcomeWithheld, DecisionSkip, nil, ""
		case r.Match == nil || m.Exact && !r.Match.Exact:
			r.Outcome, r.Decision = OutcomeDuplicate, DecisionSkip
			r.Match = &Match{ContactID: m.ContactID, Name: m.Name, Exact: m.Exact}
		}
	}
	return nil
}

// objectedSubjects are those of ids who have objected to processing or
// to marketing (art. 21), are restricted or erased: an import neither
// re-creates nor fills them. The register's own query says who.
func objectedSubjects(ctx context.Context, db DB, ids []string) (map[string]bool, error) {
	out, err := gdprmodel.Withheld(ctx, db, ids)
	if err != nil {
		return nil, fmt.Errorf("contact import: objections: %w", err)
	}
	return out, nil
}

func (p *Plan) count() {
	p.Counts = Counts{Rows: len(p.Rows)}
	for _, r := range p.Rows {
		switch r.Outcome {
		case OutcomeNew:
			p.Counts.New++
		case OutcomeInvalid:
			p.Counts.Invalid++
		case OutcomeRepeated:
			p.Counts.Repeated++
		case OutcomeImported:
			p.Counts.Imported++
		case OutcomeDuplicate:
			p.Counts.Duplicates++
		case OutcomeWithheld:
			p.Counts.Withheld++
		}
	}
}
