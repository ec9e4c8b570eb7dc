package contacts

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/domain/contact"
)

// DB is what the queries need: a *pgxpool.Pool, a *pgx.Conn or a pgx.Tx.
type DB interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// Kind tells persons and organisations apart.
type Kind string

// The kinds of contact.
const (
	KindPerson       Kind = "person"
	KindOrganisation Kind = "organisation"
)

// Summary is one line of the contact list or of search results. It never
// holds addresses (protected identity).
type Summary struct {
	ID                string
	Kind              Kind
	DisplayName       string // "Given Family" or the organisation's name; empty when erased
	Number            string // personnummer (YYYYMMDD-NNNN) or organisationsnummer (NNNNNN-NNNN), if known
	Email             string // the first e-mail address, if any
	Phone             string // the first phone number, if any
	ProtectedIdentity bool
	Archived          bool
	Erased            bool
	Restricted        bool   // art. 18: listed only for the DPO (Options.IncludeRestricted)
	Version           uint64 // stream version: the expected version for an edit
	UpdatedAt         time.Time
}

// Contact is everything the contact page shows.
type Contact struct {
	ID                  string
	Kind                Kind
	DisplayName         string
	GivenName           string // persons
	FamilyName          string // persons
	OrganisationName    string // organisations
	Personnummer        string // persons, YYYYMMDD-NNNN
	Organisationsnummer string // organisations, NNNNNN-NNNN
	Emails              []contact.Email
	Phones              []contact.Phone
	// Addresses are returned even under protected identity: the page must
	// then show ProtectedIdentity as a warning before anyone uses them.
	Addresses         []contact.Address
	ProtectedIdentity bool
	Archived          bool
	Erased            bool
	Restricted        bool   // art. 18: shown only to the DPO (GetOptions.IncludeRestricted)
	Version           uint64 // stream version: the expected version for an edit
	CreatedAt         time.Time
	UpdatedAt         time.Time
	Affiliations      []Affiliation // a person's roles, or an organisation's people
	Relationships     []Relationship
	// MergedInto is the survivor this contact was merged into; Get then
	// answers ErrMerged's code with the contact's ID and this alone.
	MergedInto string
}

// Relationship is a relation between this contact and another of its
// kind, as either recorded it. Outgoing: this contact recorded it ("this
// is parent of Other"); otherwise the other did ("Other is parent of
// this").
type Relationship struct {
	OtherID   string
	OtherName string
	Kind      contact.RelationKind
	Outgoing  bool
}

// Affiliation is a person's current role at an organisation.
type Affiliation struct {
	PersonID         string
	PersonName       string
	OrganisationID   string
	OrganisationName string
	Role             string
}

// Options narrow and page Search and List.
type Options struct {
	Kind            Kind // empty: both kinds
	IncludeArchived bool
	IncludeErased   bool
	// IncludeRestricted lists persons whose processing is restricted (art.
	// 18): the data-protection officer's view. Everyone else never sees them.
	IncludeRestricted bool
	Limit             int // default 25, at most maxLimit
	Offset            int
	// Exclude leaves these contact IDs out (the viewer's ethical walls), in
	// the query itself so that pages stay exact.
	Exclude []string
	// After continues the list after this contact (Offset is then not
	// used); ErrAnchor when the viewer cannot see it.
	After *Key
}

const (
	defaultLimit = 25
	// maxLimit is the API's largest page (500) and one row more, which
	// tells whether another page follows.
	maxLimit = 501
)

func (o Options) page() (limit, offset int) {
	limit, offset = o.Limit, max(o.Offset, 0)
	if limit <= 0 {
		limit = defaultLimit
	}
	return min(limit, maxLimit), offset
}
