package gdpr

import (
	"context"
	"errors"
	"fmt"
	"time"

	contactcmd "github.com/klient-crm/klient/commands/contact"
	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	domaingdpr "github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/eventstore"
)

// Subjects is the repository of data subjects' GDPR register entries (the
// gdpr.Subject aggregate on stream "subject-<contactID>") that the basis,
// consent, objection, restriction and erasure handlers share.
type Subjects struct {
	journal  journal.Journal
	purposes domaingdpr.Purposes
}

// NewSubjects returns the repository. The codec must have gdpr.Events()
// and contact.Events() registered (a subject must be a live contact);
// purposes is the firm's list (empty: gdpr.DefaultPurposes).
func NewSubjects(store journal.EventStore, codec journal.EventCodec, clock func() time.Time, purposes domaingdpr.Purposes) (*Subjects, error) {
	j, err := journal.New("NewSubjects", store, codec, clock)
	if err != nil {
		return nil, err
	}
	if len(purposes) == 0 {
		purposes = domaingdpr.DefaultPurposes
	}
	if err := purposes.Validate(); err != nil {
		return nil, fmt.Errorf("commands.NewSubjects: %w", err)
	}
	return &Subjects{journal: j, purposes: append(domaingdpr.Purposes(nil), purposes...)}, nil
}

// SubjectResult tells the caller where a command left the subject's stream.
type SubjectResult struct {
	SubjectID string // canonical UUID: the contact's ID
	// RecordID is the basis or consent ID a RecordLawfulBasis or
	// GiveConsent chose (or was given); empty for other commands.
	RecordID string
	Version  uint64              // of the subject stream's last event
	Position eventstore.Position // wait for the gdpr projection to pass it (read-your-writes)
}

// requireSubjects is the nil check every subject handler constructor shares.
func requireSubjects(handler string, subjects *Subjects) error {
	if subjects == nil {
		return errors.New("commands." + handler + ": subjects repository is required")
	}
	return nil
}

// subjectStream is subject id's GDPR stream. Its writers retry a lost race,
// so the stale code reaches a caller only after repeated losses.
func subjectStream(id string) journal.Stream {
	return journal.Stream{Name: domaingdpr.SubjectStreamName(id), StaleCode: "gdpr.subject.changed_meanwhile"}
}

// existingSubjectID is journal.ExistingID for a data subject (a contact's UUID).
func existingSubjectID(raw string) (string, error) {
	return journal.ExistingID(raw, domain.NotFound("there is no such data subject").WithCode("gdpr.subject.not_found"))
}

// load rebuilds subject id from its stream; a stream not yet written
// yields a subject with nothing recorded.
func (r *Subjects) load(ctx context.Context, id string) (*domaingdpr.Subject, journal.Span, error) {
	s := domaingdpr.NewSubject(id)
	sp, err := r.journal.Replay(ctx, domaingdpr.SubjectStreamName(id), id, journal.Applier(s))
	return s, sp, err
}

// checkSubjectContact refuses a subject that is not a registered contact,
// or whose contact data has been erased. It reads the contact's own stream,
// so a contact registered a moment ago is found without waiting.
func checkSubjectContact(ctx context.Context, j *journal.Journal, id string) error {
	c, _, err := contactcmd.Load(ctx, j, id)
	switch {
	case err != nil:
		return err
	case !c.Exists():
		return domain.NotFound("there is no such data subject").WithCode("gdpr.subject.not_found")
	case c.Erased():
		return domain.Erased("this data subject has been erased").WithCode("gdpr.subject.erased")
	}
	return nil
}

// Restricted reads subjectID's stream: the guard for a change that must
// see a restriction recorded a moment ago (see contact's
// WithRestrictionGuard).
func (r *Subjects) Restricted(ctx context.Context, subjectID string) (bool, error) {
	s, _, err := r.load(ctx, subjectID)
	if err != nil {
		return false, err
	}
	return domaingdpr.Restricted(s.State()), nil
}

// recordID is the ID a recording chose, or nothing when it failed.
func recordID(id string, err error) string {
	if err != nil {
		return ""
	}
	return id
}
