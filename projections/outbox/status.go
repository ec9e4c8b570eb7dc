package outbox

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Delivery is what became of one e-mail, as a person reads it per
// recipient.
type Delivery struct {
	MailID      string
	Recipient   string
	Purpose     string
	MatterID    string
	CampaignID  string
	Status      string
	Attempts    int
	LastError   string
	RequestedAt time.Time
	SentAt      *time.Time
}

// Deliveries reads the outbox.
type Deliveries struct{ pool *pgxpool.Pool }

// NewDeliveries returns the reader over pool.
func NewDeliveries(pool *pgxpool.Pool) *Deliveries { return &Deliveries{pool: pool} }

const deliveryColumns = `mail_id::text, recipient::text, purpose, coalesce(matter_id::text, ''),
	coalesce(campaign_id::text, ''), status, attempts, last_error, requested_at, sent_at`

func scanDelivery(r pgx.CollectableRow) (d Delivery, err error) {
	err = r.Scan(&d.MailID, &d.Recipient, &d.Purpose, &d.MatterID, &d.CampaignID, &d.Status, &d.Attempts,
		&d.LastError, &d.RequestedAt, &d.SentAt)
	return d, err
}

// Get reads one e-mail's delivery; found is false for an unknown ID (or
// one not queued yet: wait for the projector first).
func (d *Deliveries) Get(ctx context.Context, mailID string) (out Delivery, found bool, err error) {
	rows, err := d.pool.Query(ctx, `SELECT `+deliveryColumns+` FROM mail_outbox WHERE mail_id = $1`, mailID)
	if err != nil {
		return Delivery{}, false, fmt.Errorf("outbox: get: %w", err)
	}
	list, err := pgx.CollectRows(rows, scanDelivery)
	if err != nil || len(list) == 0 {
		return Delivery{}, false, err
	}
	return list[0], true, nil
}

// Queued says which of mailIDs (UUIDs) the outbox holds, in one query:
// a job that asks for many e-mails by made-up IDs learns at once which
// it asked for before.
func (d *Deliveries) Queued(ctx context.Context, mailIDs []string) (map[string]bool, error) {
	rows, err := d.pool.Query(ctx, `SELECT mail_id::text FROM mail_outbox WHERE mail_id = ANY($1::uuid[])`, mailIDs)
	if err != nil {
		return nil, fmt.Errorf("outbox: queued: %w", err)
	}
	out := map[string]bool{}
	var id string
	_, err = pgx.ForEachRow(rows, []any{&id}, func() error { out[id] = true; return nil })
	if err != nil {
		return nil, fmt.Errorf("outbox: queued: %w", err)
	}
	return out, nil
}

// ForMatter lists the e-mails sent about a matter, newest first.
func (d *Deliveries) ForMatter(ctx context.Context, matterID string, limit int) ([]Delivery, error) {
	rows, err := d.pool.Query(ctx, `SELECT `+deliveryColumns+` FROM mail_outbox WHERE matter_id = $1
		ORDER BY requested_at DESC, mail_id LIMIT $2`, matterID, limit)
	if err != nil {
		return nil, fmt.Errorf("outbox: matter's mail: %w", err)
	}
	return pgx.CollectRows(rows, scanDelivery)
}

// Counts are how many e-mails stand in each state.
type Counts map[string]int64

// CountsOf counts a campaign's e-mails by state, or every e-mail's when
// campaignID is empty.
func (d *Deliveries) CountsOf(ctx context.Context, campaignID string) (Counts, error) {
	rows, err := d.pool.Query(ctx, `SELECT status, count(*) FROM mail_outbox
		WHERE $1 = '' OR campaign_id = NULLIF($1, '')::uuid GROUP BY status`, campaignID)
	if err != nil {
		return nil, fmt.Errorf("outbox: counts: %w", err)
	}
	out := Counts{}
	var status string
	var n int64
	_, err = pgx.ForEachRow(rows, []any{&status, &n}, func() error { out[status] = n; return nil })
	return out, err
}

// Campaign is one campaign's delivery, as its report counts it.
type Campaign struct {
	CampaignID   string
	RequestedAt  time.Time
	Counts       Counts
	Unsubscribed int64 // recipients who withdrew the campaign's consent by its link since
}

// Campaigns lists the latest campaigns, newest first, with their counts
// by state and how many recipients have since withdrawn, through the
// link, a consent for purposeOf(campaign) given before it.
func (d *Deliveries) Campaigns(ctx context.Context, limit int) ([]Campaign, error) {
	rows, err := d.pool.Query(ctx, `
		SELECT campaign_id::text, min(requested_at), status, count(*) FROM mail_outbox
		WHERE campaign_id IN (SELECT campaign_id FROM mail_outbox WHERE campaign_id IS NOT NULL
			GROUP BY campaign_id ORDER BY min(requested_at) DESC LIMIT $1)
		GROUP BY campaign_id, status ORDER BY 2 DESC, 1`, limit)
	if err != nil {
		return nil, fmt.Errorf("outbox: campaigns: %w", err)
	}
	var out []Campaign
	var id, status string
	var at time.Time
	var n int64
	_, err = pgx.ForEachRow(rows, []any{&id, &at, &status, &n}, func() error {
		if len(out) == 0 || out[len(out)-1].CampaignID != id {
			out = append(out, Campaign{CampaignID: id, RequestedAt: at, Counts: Counts{}})
		}
		c := &out[len(out)-1]
		c.Counts[status] = n
		if at.Before(c.RequestedAt) {
			c.RequestedAt = at
		}
		return nil
	})
	return out, err
}

// Unsubscribed counts a campaign's recipients who, after the campaign
// was queued, have withdrawn by the withdrawal link their consent for
// purpose (the one-click unsubscribe the e-mail carried, or its link
// followed by hand) or objected to direct marketing (the opt-out link of
// an e-mail to an existing client under legitimate interest, or an
// objection recorded since).
func (d *Deliveries) Unsubscribed(ctx context.Context, campaignID, purpose string) (int64, error) {
	var n int64
	err := d.pool.QueryRow(ctx, `
		SELECT count(DISTINCT o.recipient) FROM mail_outbox o
		WHERE o.campaign_id = $1 AND (
			EXISTS (SELECT 1 FROM gdpr_consents_v1 k WHERE k.subject_id = o.recipient::text
				AND k.purpose = $2 AND k.withdrawn_via = 'link' AND k.withdrawn_at >= o.requested_at)
			OR EXISTS (SELECT 1 FROM gdpr_objections_v1 b WHERE b.subject_id = o.recipient::text
				AND b.objected_to = 'direct_marketing' AND b.at >= o.requested_at))`,
		campaignID, purpose).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("outbox: unsubscribed: %w", err)
	}
	return n, nil
}
