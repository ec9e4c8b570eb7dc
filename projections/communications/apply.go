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
	case communication.CommunicationCorrected:
		return queueCorrected(b, e, opened(d, e.TextSubject, e.Content), f)
	case communication.CommunicationTextRedacted:
		// The redacted text replaces whatever the row showed; it is erased
		// only if its own key is gone (its owner erased since).
		t := opened(d, e.TextSubject, e.Content)
		b.Queue(guarded(`subject = $4, body = $5, erased = $6, corrected_at = $3`), e.CommunicationID, f.version, f.at,
			t.SubjectLine, t.Body, t.erased)
	case communication.FollowUpFlagged:
		b.Queue(guarded(`follow_up_on = $4::date, follow_up_staff = $5`), e.CommunicationID, f.version, f.at, e.DueOn, e.AssignedTo)
	case communication.FollowUpCleared:
		b.Queue(guarded(`follow_up_on = NULL, follow_up_staff = ''`), e.CommunicationID, f.version, f.at)
	case communication.CommunicationDeleted:
		b.Queue(guarded(`deleted = true, follow_up_on = NULL, follow_up_staff = ''`), e.CommunicationID, f.version, f.at)
	case communication.MailRequested:
		// A letter's request is the second event of its entry's stream; a
		// reminder's or a campaign's is in a stream of its own.
		if e.CommunicationID != "" && d.Stream == communication.StreamName(e.CommunicationID) {
			b.Queue(`UPDATE communications_v2 SET version = $2 WHERE id = $1 AND version < $2`, e.CommunicationID, f.version)
		}
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

// opened blanks content whose key was destroyed: the codec left it at
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

// loggedSQL inserts a batch's new entries from column arrays; contact IDs
// travel as one JSON array per entry (unnest cannot take an array of
// arrays of different lengths).
const loggedSQL = `INSERT INTO communications_v2 (id, kind, occurred_at, participants, matter_id, contact_ids,
		data_subject, subject, body, erased, logged_by, logged_at, updated_at, version)
	SELECT u.id, u.kind, u.occurred_at, u.participants, u.matter_id, ARRAY(SELECT jsonb_array_elements_text(u.contact_ids)),
		u.data_subject, u.subject, u.body, u.erased, u.logged_by, u.logged_at, u.logged_at, u.version
	FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::jsonb[], $5::text[], $6::jsonb[], $7::text[], $8::text[],
		$9::text[], $10::boolean[], $11::text[], $12::timestamptz[], $13::bigint[])
		AS u(id, kind, occurred_at, participants, matter_id, contact_ids, data_subject, subject, body, erased, logged_by,
			logged_at, version)
	ON CONFLICT (id) DO NOTHING`

// newEntries gathers a batch's CommunicationLogged events as loggedSQL's
// thirteen columns.
type newEntries struct {
	ids, kinds, participants, matters, contacts, subjects, subjectLines, bodies, loggedBy []string
	occurred, loggedAt                                                                    []time.Time
	erased                                                                                []bool
	versions                                                                              []int64
}

func (n *newEntries) add(e communication.CommunicationLogged, t text, f fact) error {
	participants, err := participantsJSON(e.Participants)
	if err != nil {
		return err
	}
	contacts, err := json.Marshal(nonNil(e.ContactIDs))
	if err != nil {
		return err
	}
	n.ids, n.kinds, n.occurred = append(n.ids, e.CommunicationID), append(n.kinds, string(e.Kind)), append(n.occurred, e.OccurredAt)
	n.participants, n.matters = append(n.participants, participants), append(n.matters, e.MatterID)
	n.contacts, n.subjects = append(n.contacts, string(contacts)), append(n.subjects, e.DataSubject)
	n.subjectLines, n.bodies, n.erased = append(n.subjectLines, t.SubjectLine), append(n.bodies, t.Body), append(n.erased, t.erased)
	n.loggedBy, n.loggedAt, n.versions = append(n.loggedBy, f.actor), append(n.loggedAt, f.at), append(n.versions, f.version)
	return nil
}

func (n *newEntries) queue(b *pgx.Batch) {
	if len(n.ids) == 0 {
		return
	}
	b.Queue(loggedSQL, n.ids, n.kinds, n.occurred, n.participants, n.matters, n.contacts, n.subjects,
		n.subjectLines, n.bodies, n.erased, n.loggedBy, n.loggedAt, n.versions)
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
