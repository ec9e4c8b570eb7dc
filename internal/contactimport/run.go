package contactimport

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/google/uuid"

	contactcmd "github.com/klient-crm/klient/commands/contact"
	gdprcmd "github.com/klient-crm/klient/commands/gdpr"
	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	domaincontact "github.com/klient-crm/klient/domain/contact"
	domaingdpr "github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/projections/contacts"
)

// KeyMaker makes many subjects' keys at once (crypto.Keyring.CreateKeys).
type KeyMaker interface {
	CreateKeys(ctx context.Context, subjects []string) error
}

// Importer writes a plan through the command layer: each contact by the
// same registration a form makes, its lawful basis by the register's own
// command, the keys made in bulk first, several writers at once.
type Importer struct {
	Contacts *contactcmd.Contacts
	Subjects *gdprcmd.Subjects
	Keys     KeyMaker
	DB       DB // the contacts read model, for a merge's current details
	Purposes domaingdpr.Purposes
	Writers  int // writers at once (8 when 0)

	change *contactcmd.ChangeContactDetailsHandler
	basis  *gdprcmd.RecordLawfulBasisHandler
}

// Batch is what the person importing decides for the whole file.
type Batch struct {
	Basis     domaingdpr.Basis
	Purpose   string
	Note      string // the balancing test for a legitimate interest
	FileName  string // named in each basis's (sealed) note as the source
	Decisions map[int]Decision
}

// Result counts what a run did; its counts add up to the plan's rows.
type Result struct {
	ImportID                                string
	Rows, Created, Merged, Skipped, Invalid int
	Position                                eventstore.Position // of the import's audit line: wait for it
}

// Progress is told how many of the rows to write are done.
type Progress func(done, total int)

// CheckBatch refuses a batch whose lawful basis the register would refuse,
// before anything is written.
func (im *Importer) CheckBatch(b Batch) error {
	probe := uuid.NewString()
	_, err := domaingdpr.NewSubject(probe).RecordBasis(im.purposes(), domaingdpr.LawfulBasisRecorded{SubjectID: probe,
		BasisID: probe, Basis: b.Basis, Purpose: b.Purpose, Note: b.Note, RecordedBy: probe})
	return err
}

func (im *Importer) purposes() domaingdpr.Purposes {
	if len(im.Purposes) == 0 {
		return domaingdpr.DefaultPurposes
	}
	return im.Purposes
}

func (im *Importer) init() error {
	var errs [2]error
	im.change, errs[0] = contactcmd.NewChangeContactDetailsHandler(im.Contacts)
	im.basis, errs[1] = gdprcmd.NewRecordLawfulBasisHandler(im.Subjects)
	return errors.Join(errs[:]...)
}

// Run carries out plan p with batch b. A decision the row does not offer
// is refused before anything is written. A row that another writer made
// meanwhile (the same file imported twice at once) is counted skipped.
func (im *Importer) Run(ctx context.Context, actor journal.Actor, p Plan, b Batch, progress Progress) (Result, error) {
	if err := actor.Check(); err != nil {
		return Result{}, err
	}
	if err := im.CheckBatch(b); err != nil {
		return Result{}, err
	}
	if err := im.init(); err != nil {
		return Result{}, err
	}
	work, err := decide(p, b.Decisions)
	if err != nil {
		return Result{}, err
	}
	res := Result{ImportID: p.ImportID, Rows: len(p.Rows)}
	actor.CorrelationID = "import-" + p.ImportID
	note := basisNote(b, p.ImportID)
	var created, merged, done atomic.Int64
	passed := func(n int) { // rows an earlier run wrote: done, and skipped
		if d := done.Add(int64(n)); progress != nil && n > 0 {
			progress(int(d), len(work))
		}
	}
	err = im.inChunks(ctx, work, passed, func(ctx context.Context, group []task) error {
		var creates []task
		for _, w := range group {
			if w.decision == DecisionCreate {
				creates = append(creates, w)
				continue
			}
			ok, err := im.merge(ctx, actor, w.row)
			if err != nil {
				return err
			}
			if ok {
				merged.Add(1)
			}
		}
		n, err := im.create(ctx, actor, creates, b, note)
		if err != nil {
			return err
		}
		created.Add(int64(n))
		if d := done.Add(int64(len(group))); progress != nil {
			progress(int(d), len(work))
		}
		return nil
	})
	res.Created, res.Merged = int(created.Load()), int(merged.Load())
	for _, r := range p.Rows {
		if r.Outcome == OutcomeInvalid {
			res.Invalid++
		}
	}
	res.Skipped = res.Rows - res.Created - res.Merged - res.Invalid
	if err != nil {
		return res, err
	}
	res.Position, err = im.Contacts.RecordImport(ctx, actor, domaincontact.ContactsImported{ImportID: p.ImportID,
		Format: string(p.Format), Basis: string(b.Basis), Purpose: b.Purpose, Rows: res.Rows, Created: res.Created,
		Merged: res.Merged, Skipped: res.Skipped, Invalid: res.Invalid})
	return res, err
}

// task is one row to write and what to do with it.
type task struct {
	row      PlanRow
	decision Decision
}

// decide joins the plan's defaults and the person's choices; a choice the
// row does not offer (a merge with no match, a decision on an invalid
// row) is refused.
func decide(p Plan, chosen map[int]Decision) ([]task, error) {
	byLine := make(map[int]bool, len(p.Rows))
	var out []task
	for _, r := range p.Rows {
		byLine[r.Line] = true
		d := r.Decision
		if c, ok := chosen[r.Line]; ok {
			if !offers(r, c) {
				return nil, domain.Invalid("decisions", "row %d cannot take %q", r.Line, c).WithCode("import.decision.not_offered")
			}
			d = c
		}
		if d == DecisionCreate || d == DecisionMerge {
			out = append(out, task{row: r, decision: d})
		}
	}
	for line := range chosen {
		if !byLine[line] {
			return nil, domain.Invalid("decisions", "the file has no row %d", line).WithCode("import.decision.no_row")
		}
	}
	return out, nil
}

func offers(r PlanRow, d Decision) bool {
	for _, c := range r.Choices() {
		if c == d {
			return true
		}
	}
	return d == r.Decision
}

// basisNote is the note every imported contact's basis carries: the
// balancing test, and the file as the source (sealed with the person's
// key, like the note itself).
func basisNote(b Batch, importID string) string {
	name := strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7F {
			return ' '
		}
		return r
	}, b.FileName)
	if utf8.RuneCountInString(name) > 200 {
		name = string([]rune(name)[:200])
	}
	source := fmt.Sprintf("Källa: import av filen %q (import %s)", name, importID)
	if strings.TrimSpace(b.Note) == "" {
		return source
	}
	return strings.TrimSpace(b.Note) + "\n" + source
}

// chunk is how many contacts' keys are made at once, and so how far the
// writers run ahead of the key store; group is how many contacts one
// write creates (with their lawful bases: twice as many streams).
const (
	chunk = 2000
	group = 100
)

// inChunks makes the keys of each chunk's new contacts in one
// transaction, then lets the writers write the chunk's rows a group at a
// time.
func (im *Importer) inChunks(ctx context.Context, work []task, passed func(int), do func(context.Context, []task) error) error {
	writers := im.Writers
	if writers <= 0 {
		writers = 4
	}
	for start := 0; start < len(work); start += chunk {
		end := min(start+chunk, len(work))
		todo, err := im.notWritten(ctx, work[start:end])
		if err != nil {
			return err
		}
		passed(end - start - len(todo))
		var keys []string
		for _, w := range todo {
			if w.decision == DecisionCreate {
				keys = append(keys, w.row.ContactID)
			}
		}
		if im.Keys != nil {
			if err := im.Keys.CreateKeys(ctx, keys); err != nil {
				return err
			}
		}
		var groups [][]task
		for g := 0; g < len(todo); g += group {
			groups = append(groups, todo[g:min(g+group, len(todo))])
		}
		if err := inParallel(ctx, writers, groups, do); err != nil {
			return err
		}
	}
	return nil
}

// notWritten leaves out the contacts to create that the contacts read
// model already has under their IDs: a plan made before an earlier run of
// the same file finished. (A run that has not reached the read model yet
// writes nothing twice either: the registration finds the stream; it is
// then counted as created by both runs.)
func (im *Importer) notWritten(ctx context.Context, work []task) ([]task, error) {
	var ids []string
	for _, w := range work {
		if w.decision == DecisionCreate {
			ids = append(ids, w.row.ContactID)
		}
	}
	if len(ids) == 0 || im.DB == nil {
		return work, nil
	}
	states, err := contacts.ImportStates(ctx, im.DB, ids)
	if err != nil {
		return nil, err
	}
	out := work[:0:0]
	for _, w := range work {
		if _, there := states[w.row.ContactID]; w.decision != DecisionCreate || !there {
			out = append(out, w)
		}
	}
	return out, nil
}

// inParallel runs do over items on writers goroutines; the first error
// stops them all.
func inParallel(ctx context.Context, writers int, items [][]task, do func(context.Context, []task) error) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			for i := w; i < len(items) && ctx.Err() == nil; i += writers {
				if err := do(ctx, items[i]); err != nil {
					cancel(err)
					return
				}
			}
		})
	}
	wg.Wait()
	return context.Cause(ctx)
}

// create registers the rows' contacts under their derived IDs, each with
// the batch's lawful basis, in one write. A contact already under its ID
// (an earlier or simultaneous run of the same file), or erased, is no
// error: the row is skipped. It returns how many it created.
func (im *Importer) create(ctx context.Context, actor journal.Actor, rows []task, b Batch, note string) (int, error) {
	if len(rows) == 0 {
		return 0, nil
	}
	now := im.Contacts.Now()
	regs := make([]journal.NewStream, len(rows))
	for i, w := range rows {
		var err error
		if regs[i], err = im.Contacts.NewRegistration(w.row.ContactID, w.row.record.Person, w.row.record.Organisation, now); err != nil {
			return 0, err
		}
	}
	// The numbers are claimed first, as a registration claims them: of two
	// imports (or an import and a registration) giving one personnummer
	// to two contacts at the same moment, one wins and the other's row is
	// not written (its number is taken: a duplicate).
	refused, err := im.Contacts.ClaimRegistrations(ctx, actor, regs)
	if err != nil {
		return 0, err
	}
	streams := make([]journal.NewStream, 0, 2*len(rows))
	for i, w := range rows {
		if refused[i] != nil {
			continue
		}
		r, reg := w.row, regs[i]
		basisID := uuid.NewSHA1(uuid.MustParse(r.ContactID), []byte("lawful-basis")).String()
		basis, err := im.basis.FirstBasis(gdprcmd.RecordLawfulBasis{Actor: actor, SubjectID: r.ContactID, BasisID: basisID,
			Basis: b.Basis, Purpose: b.Purpose, Note: note})
		if err != nil {
			return 0, err
		}
		streams = append(streams, reg, basis)
	}
	if len(streams) == 0 {
		return 0, nil
	}
	_, errs, err := im.Contacts.CreateNew(ctx, actor, streams, now)
	if domain.IsKind(err, domain.KindErased) && len(rows) > 1 {
		return im.createOneByOne(ctx, actor, rows, b, note) // someone's key is gone: find whose
	}
	if domain.IsKind(err, domain.KindErased) {
		return 0, nil // an erased person's row: skipped, with nothing said
	}
	if err != nil {
		return 0, err
	}
	n := 0
	for i := 0; i < len(errs); i += 2 {
		if errs[i] == nil {
			n++ // errs[i+1]: a basis there already is a simultaneous run's
		}
	}
	return n, nil
}

func (im *Importer) createOneByOne(ctx context.Context, actor journal.Actor, rows []task, b Batch, note string) (int, error) {
	n := 0
	for i := range rows {
		c, err := im.create(ctx, actor, rows[i:i+1], b, note)
		if err != nil {
			return n, err
		}
		n += c
	}
	return n, nil
}

// merge fills the empty fields of the matched contact with the row's: a
// name or number it lacks, and e-mail addresses, phones and an address
// it does not have yet. Nothing it has is overwritten. A contact that
// changed meanwhile or is now withheld is skipped.
func (im *Importer) merge(ctx context.Context, actor journal.Actor, r PlanRow) (bool, error) {
	if r.Match == nil {
		return false, nil
	}
	c, err := contacts.Get(ctx, im.DB, r.Match.ContactID)
	if err != nil || c.Erased || c.Restricted || !actor.Sees(c.ID) {
		return false, nil // gone or withheld since the dry run: skipped, as the plan allowed
	}
	switch {
	case c.Kind == contacts.KindPerson && r.record.Person != nil:
		d := filledPerson(c, *r.record.Person)
		_, err = im.change.HandlePerson(ctx, contactcmd.ChangePersonDetails{Actor: actor, ContactID: c.ID,
			ExpectedVersion: c.Version, Details: d})
	case c.Kind == contacts.KindOrganisation && r.record.Organisation != nil:
		d := filledOrganisation(c, *r.record.Organisation)
		_, err = im.change.HandleOrganisation(ctx, contactcmd.ChangeOrganisationDetails{Actor: actor, ContactID: c.ID,
			ExpectedVersion: c.Version, Details: d})
	default:
		return false, nil
	}
	if domain.IsKind(err, domain.KindConflict) || domain.IsKind(err, domain.KindInvalid) {
		return false, nil
	}
	return err == nil, err
}

func filledPerson(c contacts.Contact, row domaincontact.PersonDetails) domaincontact.PersonDetails {
	d := domaincontact.PersonDetails{GivenName: c.GivenName, FamilyName: c.FamilyName, Personnummer: c.Personnummer,
		Emails: c.Emails, Phones: c.Phones, Addresses: c.Addresses, ProtectedIdentity: c.ProtectedIdentity}
	if d.Personnummer == "" {
		d.Personnummer = row.Personnummer
	}
	d.Emails, d.Phones, d.Addresses = filled(d.Emails, row.Emails, d.Phones, row.Phones, d.Addresses, row.Addresses)
	return d
}

func filledOrganisation(c contacts.Contact, row domaincontact.OrganisationDetails) domaincontact.OrganisationDetails {
	d := domaincontact.OrganisationDetails{Name: c.OrganisationName, Organisationsnummer: c.Organisationsnummer,
		Emails: c.Emails, Phones: c.Phones, Addresses: c.Addresses}
	if d.Organisationsnummer == "" {
		d.Organisationsnummer = row.Organisationsnummer
	}
	d.Emails, d.Phones, d.Addresses = filled(d.Emails, row.Emails, d.Phones, row.Phones, d.Addresses, row.Addresses)
	return d
}

// filled adds the row's e-mails and phones the contact lacks (up to the
// domain's limits), and its address when the contact has none.
func filled(emails, newEmails []domaincontact.Email, phones, newPhones []domaincontact.Phone, addresses, newAddresses []domaincontact.Address) ([]domaincontact.Email, []domaincontact.Phone, []domaincontact.Address) {
	for _, e := range newEmails {
		known := false
		for _, have := range emails {
			known = known || strings.EqualFold(have.Address, e.Address)
		}
		if !known && len(emails) < domaincontact.MaxEmails {
			emails = append(emails, e)
		}
	}
	for _, p := range newPhones {
		known := false
		for _, have := range phones {
			known = known || have.Number == p.Number
		}
		if !known && len(phones) < domaincontact.MaxPhones {
			phones = append(phones, p)
		}
	}
	if len(addresses) == 0 {
		addresses = newAddresses
	}
	return emails, phones, addresses
}
