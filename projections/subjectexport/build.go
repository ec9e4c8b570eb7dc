package subjectexport

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/domain/matter"
	"github.com/klient-crm/klient/projections/accesslog"
	"github.com/klient-crm/klient/projections/contacts"
	gdprmodel "github.com/klient-crm/klient/projections/gdpr"
)

// DB is what every read model's queries need together: a *pgxpool.Pool.
type DB interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
	Begin(ctx context.Context) (pgx.Tx, error)
}

// Options are what the read models do not hold.
type Options struct {
	Now        time.Time // when the package is made; zero: now
	Controller Controller
	// Recipients are the firm's recipients and processors, from its
	// configuration (the read models know none).
	Recipients []Recipient
	// Rules is the retention schedule the package states; nil: the defaults.
	Rules gdpr.RetentionRules
	// HeldMail is the key ring, whose index key finds the incoming e-mail
	// awaiting filing by the subject's addresses; nil leaves it out.
	HeldMail IndexKeys
	// DueDiligence reads the subject's due-diligence records from the log
	// (commands/cdd.Records); nil leaves them out of the package.
	DueDiligence DueDiligenceRecords
	// Keys open the access log's purposes (crypto.Keyring); nil: the
	// package gives none.
	Keys accesslog.Keys
}

// IndexKeys gives the key ring's index keys (*crypto.Keyring).
type IndexKeys interface {
	IndexKey(ctx context.Context, name string) ([]byte, error)
}

// Build gathers what the read models hold about subjectID (a contact's
// ID). An unknown subject is a KindNotFound error, an erased one KindErased:
// there is nothing left to hand over. A restricted subject is included:
// restriction limits processing, not the subject's own access.
func Build(ctx context.Context, db DB, subjectID string, opts Options) (Package, error) {
	p := Package{Format: Format, GeneratedAt: opts.Now, Controller: opts.Controller, Recipients: opts.Recipients}
	if p.GeneratedAt.IsZero() {
		p.GeneratedAt = time.Now().UTC()
	}
	var err error
	if p.Subject, err = subject(ctx, db, subjectID); err != nil {
		return Package{}, err
	}
	g := gatherer{db: db, keys: opts.Keys, subject: subjectID, roles: map[string][]matter.PartyRole{}, index: opts.HeldMail, cdd: opts.DueDiligence}
	if g.absorbed, err = contacts.Absorbed(ctx, db, subjectID); err != nil {
		return Package{}, err
	}
	for _, id := range g.absorbed {
		merged, err := subject(ctx, db, id)
		if err != nil {
			return Package{}, err
		}
		p.Merged = append(p.Merged, merged)
	}
	for _, step := range []func(context.Context, *Package) error{g.matters, g.communications, g.heldMail, g.documents, g.special, g.tasks, g.dueDiligence, g.register, g.accesses} {
		if err := step(ctx, &p); err != nil {
			return Package{}, err
		}
	}
	p.Retention = retention(opts.Rules)
	return p, nil
}

// gatherer carries what one step learns for the next: the subject's roles
// per matter decide what is privileged.
type gatherer struct {
	db      DB
	keys    accesslog.Keys
	subject string
	// absorbed are the contacts merged into the subject. The read models
	// file their matters, entries and tasks under the subject already;
	// what is keyed by whose key sealed it (the register, the tasks about
	// them alone, the access log) is read for each of them too.
	absorbed []string
	roles    map[string][]matter.PartyRole // matter ID → the subject's roles in it
	entries  []string                      // the communications gathered, for their documents
	// entryMarks are the gathered entries' special-category markings,
	// listed with the others (special).
	entryMarks []SpecialMarking
	index      IndexKeys           // finds held mail by address; nil: none gathered
	cdd        DueDiligenceRecords // nil: no due-diligence records gathered
}

// subjects are the subject and the contacts merged into it.
func (g *gatherer) subjects() []string { return append([]string{g.subject}, g.absorbed...) }

// privileged reports whether what is filed under matterID is another
// client's: a matter the subject is not a client in (or not a party to).
func (g *gatherer) privileged(matterID string) bool {
	return matterID != "" && privileged(g.roles[matterID])
}

func retention(rules gdpr.RetentionRules) []Retention {
	if rules == nil {
		rules = gdpr.DefaultRetentionRules
	}
	out := make([]Retention, 0, len(rules))
	for _, r := range rules {
		out = append(out, Retention{Category: string(r.Category), Period: gdprmodel.ISOPeriod(r.Period), From: string(r.Trigger), Ground: r.Ground})
	}
	return out
}
