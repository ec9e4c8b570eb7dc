package commands

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/eventstore"
)

// Subjects is the repository of data subjects' GDPR register entries (the
// gdpr.Subject aggregate on stream "subject-<contactID>") that the basis,
// consent, objection, restriction and erasure handlers share.
type Subjects struct {
	journal
	purposes gdpr.Purposes
}

// NewSubjects returns the repository. The codec must have gdpr.Events()
// and contact.Events() registered (a subject must be a live contact);
// purposes is the firm's list (empty: gdpr.DefaultPurposes).
func NewSubjects(store EventStore, codec EventCodec, clock func() time.Time, purposes gdpr.Purposes) (*Subjects, error) {
	j, err := newJournal("NewSubjects", store, codec, clock)
	if err != nil {
		return nil, err
	}
	if len(purposes) == 0 {
		purposes = gdpr.DefaultPurposes
	}
	if err := purposes.Validate(); err != nil {
		return nil, fmt.Errorf("commands.NewSubjects: %w", err)
	}
	return &Subjects{journal: j, purposes: append(gdpr.Purposes(nil), purposes...)}, nil
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
func subjectStream(id string) stream {
	return stream{name: gdpr.SubjectStreamName(id), staleCode: "gdpr.subject.changed_meanwhile"}
}

// existingSubjectID is existingID for a data subject (a contact's UUID).
func existingSubjectID(raw string) (string, error) {
	return existingID(raw, domain.NotFound("there is no such data subject").WithCode("gdpr.subject.not_found"))
}

// load rebuilds subject id from its stream; a stream not yet written
// yields a subject with nothing recorded.
func (r *Subjects) load(ctx context.Context, id string) (*gdpr.Subject, span, error) {
	s := gdpr.NewSubject(id)
	sp, err := r.replay(ctx, gdpr.SubjectStreamName(id), id, func(ev domain.Event, erased bool) {
		if erased {
			s.ApplyErased(ev)
		} else {
			s.Apply(ev)
		}
	})
	return s, sp, err
}

// checkSubjectContact refuses a subject that is not a registered contact,
// or whose contact data has been erased. It reads the contact's own stream,
// so a contact registered a moment ago is found without waiting.
func checkSubjectContact(ctx context.Context, j *journal, id string) error {
	c := new(contact.Contact)
	_, err := j.replay(ctx, contact.StreamName(id), id, func(ev domain.Event, erased bool) {
		if erased {
			c.ApplyErased(ev)
		} else {
			c.Apply(ev)
		}
	})
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
