package communications

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/domain/communication"
	"github.com/klient-crm/klient/eventstore"
)

// fact is what every statement needs of an event besides its payload.
type fact struct {
	version int64
	at      time.Time
	actor   string
}

func factOf(d eventstore.Decoded) fact {
	at := d.Metadata.OccurredAt
	if at.IsZero() {
		at = d.RecordedAt
	}
	return fact{version: int64(d.Version), at: at, actor: d.Metadata.Actor}
}

func queue(b *pgx.Batch, d eventstore.Decoded) error {
	f := factOf(d)
	switch e := d.Event.(type) {
	case communication.CommunicationLogged:
		return queueLogged(b, e, opened(d, e.DataSubject, e.Content), f)
	case communication.CommunicationCorrected:
		return queueCorrected(b, e, opened(d, e.DataSubject, e.Content), f)
	case communication.FollowUpFlagged:
		b.Queue(guarded(`follow_up_on = $4::date, follow_up_staff = $5`), e.CommunicationID, f.version, f.at, e.DueOn, e.AssignedTo)
	case communication.FollowUpCleared:
		b.Queue(guarded(`follow_up_on = NULL, follow_up_staff = ''`), e.CommunicationID, f.version, f.at)
	case communication.CommunicationDeleted:
		b.Queue(guarded(`deleted = true, follow_up_on = NULL, follow_up_staff = ''`), e.CommunicationID, f.version, f.at)
	default:
		return fmt.Errorf("communications: no projection for event type %s", d.Type)
	}
	return nil
}

// text is an entry's sealed content as the projector may show it.
type text struct {
	communication.Content
	erased bool
}

// opened blanks content whose subject was erased: the codec left it at
// its zero value, and the row must say why it is empty.
func opened(d eventstore.Decoded, subject string, c communication.Content) text {
	if d.IsErased(subject) {
		return text{erased: true}
	}
	return text{Content: c}
}

// guarded is an UPDATE of one entry that only an event newer than the row
// applies: $1 is the ID, $2 the event's version, $3 its time.
func guarded(set string) string {
	return `UPDATE communications_v2 SET ` + set + `, version = $2, updated_at = $3 WHERE id = $1 AND version < $2`
}

const loggedSQL = `INSERT INTO communications_v2 (id, kind, occurred_at, participants, matter_id, contact_ids,
		data_subject, subject, body, erased, logged_by, logged_at, updated_at, version)
	VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12, $13)
	ON CONFLICT (id) DO NOTHING`

func queueLogged(b *pgx.Batch, e communication.CommunicationLogged, t text, f fact) error {
	participants, err := participantsJSON(e.Participants)
	if err != nil {
		return err
	}
	b.Queue(loggedSQL, e.CommunicationID, string(e.Kind), e.OccurredAt, participants, e.MatterID,
		nonNil(e.ContactIDs), e.DataSubject, t.SubjectLine, t.Body, t.erased, f.actor, f.at, f.version)
	return nil
}

func queueCorrected(b *pgx.Batch, e communication.CommunicationCorrected, t text, f fact) error {
	participants, err := participantsJSON(e.Participants)
	if err != nil {
		return err
	}
	b.Queue(guarded(`kind = $4, occurred_at = $5, participants = $6, subject = $7, body = $8,
		erased = erased OR $9, corrected_at = $3`), e.CommunicationID, f.version, f.at,
		string(e.Kind), e.OccurredAt, participants, t.SubjectLine, t.Body, t.erased)
	return nil
}

func participantsJSON(ps []communication.Participant) (string, error) {
	out, err := json.Marshal(nonNil(ps))
	return string(out), err
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
