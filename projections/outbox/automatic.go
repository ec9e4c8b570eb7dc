package outbox

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/klient-crm/klient/domain/communication"
)

// setAutomatic records a matter's automatic messages; an older version
// (a replay) changes nothing.
func setAutomatic(ctx context.Context, tx pgx.Tx, a communication.AutomaticMessagesSet, version uint64) error {
	_, err := tx.Exec(ctx, `INSERT INTO public.mail_automatic (matter_id, status_report_days, reminder_days, set_at, version)
		VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (matter_id) DO UPDATE SET status_report_days = excluded.status_report_days,
			reminder_days = excluded.reminder_days, set_at = excluded.set_at, version = excluded.version
		WHERE mail_automatic.version < excluded.version`,
		a.MatterID, a.Settings.StatusReportDays, a.Settings.ReminderDays, a.SetAt, int64(version))
	if err != nil {
		return fmt.Errorf("outbox: automatic messages of %s: %w", a.MatterID, err)
	}
	return nil
}

// Automatic is one matter's automatic messages as the job reads them.
type Automatic struct {
	MatterID string
	communication.AutomaticMessages
	SetAt time.Time
}

// AutomaticOn lists the matters with an automatic message switched on.
func AutomaticOn(ctx context.Context, pool *pgxpool.Pool) ([]Automatic, error) {
	rows, err := pool.Query(ctx, `SELECT matter_id::text, status_report_days, reminder_days, set_at FROM mail_automatic
		WHERE status_report_days > 0 OR reminder_days > 0 ORDER BY matter_id`)
	if err != nil {
		return nil, fmt.Errorf("outbox: automatic messages: %w", err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (a Automatic, err error) {
		err = r.Scan(&a.MatterID, &a.StatusReportDays, &a.ReminderDays, &a.SetAt)
		return a, err
	})
}

// AutomaticRecipient is a client an automatic message may go to.
type AutomaticRecipient struct {
	ContactID string
	Name      string
	Email     string
}

// AutomaticRecipients lists the clients of matterID an automatic message
// may go to: with an e-mail address, and never one who is erased,
// restricted (art. 18), archived, has objected to anything (art. 21) or
// has a protected identity — a message nobody asked for at that moment
// must not reach them. Such messages rest on the engagement (art. 6.1 b),
// not on a consent.
func AutomaticRecipients(ctx context.Context, pool *pgxpool.Pool, matterID string) ([]AutomaticRecipient, error) {
	rows, err := pool.Query(ctx, `
		SELECT c.id, c.display_name, c.emails->0->>'address'
		FROM matters_v1 m JOIN contacts_v1 c ON c.id = ANY(m.client_ids)
		WHERE m.id = $1 AND NOT m.erased
		  AND NOT c.erased AND NOT c.restricted AND NOT c.archived AND NOT c.protected_identity AND c.merged_into = ''
		  AND jsonb_array_length(c.emails) > 0
		  AND NOT EXISTS (SELECT 1 FROM gdpr_objections_v1 o WHERE o.subject_id = c.id)
		ORDER BY c.id`, matterID)
	if err != nil {
		return nil, fmt.Errorf("outbox: automatic recipients: %w", err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (a AutomaticRecipient, err error) {
		err = r.Scan(&a.ContactID, &a.Name, &a.Email)
		return a, err
	})
}
