package communications

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/domain/communication"
	"github.com/klient-crm/klient/domain/dpo"
	"github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/projections"
)

// erasedSQL blanks the entries sealed with the erased subject's key (their
// entry keys are the subject's: domain.EntryKey). An entry filed under a
// matter is sealed with the matter's and stays: it is the matter's record,
// erased with the matter's file; a mention of the person in it is found
// at the erasure and redacted entry by entry (docs/gdpr.md). Participants,
// links and dates are IDs and facts, and stay too.
const erasedSQL = `UPDATE communications_v2 SET subject = '', body = '', erased = true, special_categories = '{}'
	WHERE data_subject = $1`

// queueSubjectErased applies gdpr.SubjectErased; false if d is another
// event. Replays reach the same state through the erased events.
func queueSubjectErased(b *pgx.Batch, d eventstore.Decoded) bool {
	e, ok := d.Event.(gdpr.SubjectErased)
	if ok {
		b.Queue(erasedSQL, e.SubjectID)
	}
	return ok
}

// holdings are where the log keeps sealed fields' plaintext: an entry's
// subject line and note, under the key of the person (or matter) it is
// sealed for.
var holdings = []projections.Holding{
	{Fields: []string{communication.TypeCommunicationLogged + ".content", communication.TypeCommunicationCorrected + ".content",
		communication.TypeCommunicationRedacted + ".content"},
		Table: "communications_v2", Of: "data_subject = $1", Columns: []string{"subject", "body"}},
	{Fields: []string{dpo.TypeCommunicationSpecialMarked + ".categories"},
		Table: "communications_v2", Of: "data_subject = $1", Columns: []string{"special_categories"}},
}

// Holdings declares what the log keeps of sealed fields.
func (Projector) Holdings() []projections.Holding { return holdings }

// SubjectRows counts the entries that hold subjectID's personal data, by
// the declarations: what an erasure blanks, and zero once it has.
func SubjectRows(ctx context.Context, db DB, subjectID string) (int64, error) {
	n, err := projections.RowsHeld(ctx, db, holdings, subjectID)
	if err != nil {
		return 0, fmt.Errorf("communications: subject rows: %w", err)
	}
	return n, nil
}

// PersonalTables names the tables an erasure blanks or deletes rows in: the
// entries' subject lines and bodies. The runtime rewrites them once it has
// (projections.PersonalData).
func (Projector) PersonalTables() []string { return []string{"communications_v2"} }
