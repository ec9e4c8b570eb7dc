package gdpr

import (
	"context"
	"time"

	domaingdpr "github.com/klient-crm/klient/domain/gdpr"
)

// RetentionSources is what the read models know that retention periods run
// from. The wiring implements it over the contacts, matters,
// communications, GDPR and access-log read models.
type RetentionSources interface {
	// RetainedContacts lists the live contacts that are not restricted (a
	// restriction keeps data in storage, art. 18), with their facts.
	RetainedContacts(ctx context.Context) ([]RetainedContact, error)
	// ClosedMatters lists the matters closed (or archived) before
	// closedBefore whose file (the matter's key) still exists.
	ClosedMatters(ctx context.Context, closedBefore time.Time) ([]ClosedMatter, error)
	// AccessLogBefore counts the access-log entries written before cutoff.
	AccessLogBefore(ctx context.Context, cutoff time.Time) (int64, error)
	// HeldMailBefore counts the incoming e-mail held for review since
	// before cutoff.
	HeldMailBefore(ctx context.Context, cutoff time.Time) (int64, error)
}

// RetainedContact is one contact as retention sees it.
type RetainedContact struct {
	// Facts has RegisteredAt, LastActivity (the latest of the contact's
	// own changes, communications, matters and GDPR register entries) and
	// every matter the contact is a party to.
	Facts    domaingdpr.SubjectFacts
	HasBasis bool // a current lawful basis or an unwithdrawn consent
}

// ClosedMatter is one closed matter whose file still exists.
type ClosedMatter struct {
	MatterID       string
	ClosedAt       time.Time
	Communications int64 // entries filed under it, sealed with its key
	Documents      int64 // documents filed under it, sealed with its key
}

// RetentionDeleters delete what falls due, but persons: a person's
// erasure goes through EraseSubject, like one the subject asked for.
type RetentionDeleters interface {
	// DestroyMatterFile shreds the matter's own key (its details, notes,
	// communications and documents become unreadable everywhere, backups
	// included) and deletes its documents' bytes. Repeating it is harmless.
	DestroyMatterFile(ctx context.Context, matterID string) error
	// RefreshReadModels rebuilds the read models that hold text opened
	// with a matter's key, once files were destroyed: no event tells them.
	RefreshReadModels(ctx context.Context) error
	DeleteAccessLogBefore(ctx context.Context, cutoff time.Time) (int64, error)
	DeleteExpiredSessions(ctx context.Context) (int64, error)
	// DestroyHeldMailBefore destroys the incoming e-mail held for review
	// since before cutoff: each message's own key, then its bytes and its
	// row. Repeating it is harmless.
	DestroyHeldMailBefore(ctx context.Context, cutoff time.Time) (int64, error)
}

// DeletionLog keeps the evidence of each deletion: the GDPR read model's
// deletion log, which stores IDs only as pseudonyms.
type DeletionLog interface {
	Deleted(ctx context.Context, d RetentionDeletion) error
}

// RetentionDeletion is one deletion carried out.
type RetentionDeletion struct {
	Item        RetentionItem
	TriggeredBy string // the actor's ID
	ErasureID   string // a person's erasure request
	DeletedAt   time.Time
}
