package outbox

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/communication"
	"github.com/klient-crm/klient/domain/gdpr"
)

// The lawful bases a campaign's recipient is included on: the
// campaign's own words (communication.Basis*).
const (
	BasisConsent            = communication.BasisConsent
	BasisLegitimateInterest = communication.BasisLegitimateInterest
)

// AudienceMember is one contact a campaign may be sent to, with the basis
// it rests on and, for a consent, which one (whose withdrawal link the
// e-mail carries).
type AudienceMember struct {
	ContactID string
	ConsentID string // empty under legitimate interest
	Name      string
	Email     string
	Basis     string // BasisConsent or BasisLegitimateInterest
}

// Audience lists the contacts with an active consent for purpose and an
// e-mail address, in a stable order, at most limit (0: all). With
// clientsSince set (the firm's choice, KLIENT_CAMPAIGN_CLIENT_MONTHS) it
// adds, under legitimate interest, the clients of every matter open now
// or closed (or archived) since then — none behind an ethical wall —
// unless they ever withdrew a consent for purpose (they said no to it).
// Never in it, whatever the basis: an erased, restricted or archived
// contact, one with a protected identity, one who has objected to
// anything, one behind any active ethical wall, and one marked as
// holding special categories (art. 9, 10), whole or in a field: a
// mailing's list is no place for them. It reads the consents' register,
// the matters, the contacts' read model and the walls together in one
// query, so what it leaves out never reaches the caller.
func Audience(ctx context.Context, pool *pgxpool.Pool, purpose string, clientsSince time.Time, limit int) ([]AudienceMember, error) {
	if limit <= 0 {
		limit = 1 << 30
	}
	var since *time.Time
	if !clientsSince.IsZero() {
		since = &clientsSince
	}
	rows, err := pool.Query(ctx, `
		WITH consented AS (
			SELECT DISTINCT ON (k.subject_id) k.subject_id AS id, k.consent_id
			FROM gdpr_consents_v1 k WHERE k.purpose = $1 AND k.withdrawn_at IS NULL
			ORDER BY k.subject_id, k.given_at DESC
		), clients AS (
			SELECT DISTINCT unnest(m.client_ids) AS id FROM matters_v1 m
			WHERE $2::timestamptz IS NOT NULL AND NOT m.erased
			  AND (m.status = 'open' OR (m.status IN ('closed', 'archived') AND coalesce(m.closed_at, m.archived_at) >= $2))
			  AND NOT EXISTS (SELECT 1 FROM walls_v1 w WHERE w.active AND w.target_kind = 'matter' AND w.target_id = m.id)
		), audience AS (
			SELECT id, consent_id, '`+BasisConsent+`' AS basis FROM consented
			UNION ALL
			SELECT cl.id, '', '`+BasisLegitimateInterest+`' FROM clients cl
			WHERE NOT EXISTS (SELECT 1 FROM consented k WHERE k.id = cl.id)
			  AND NOT EXISTS (SELECT 1 FROM gdpr_consents_v1 w WHERE w.subject_id = cl.id AND w.purpose = $1 AND w.withdrawn_at IS NOT NULL)
		)
		SELECT c.id, a.consent_id, c.display_name, c.emails->0->>'address', a.basis
		FROM audience a JOIN contacts_v1 c ON c.id = a.id
		WHERE NOT c.erased AND NOT c.restricted AND NOT c.archived AND NOT c.protected_identity
		  AND jsonb_array_length(c.emails) > 0
		  AND NOT EXISTS (SELECT 1 FROM gdpr_objections_v1 o WHERE o.subject_id = c.id)
		  AND NOT EXISTS (SELECT 1 FROM walls_v1 w WHERE w.active AND w.target_kind = 'contact' AND w.target_id = c.id)
		  AND NOT EXISTS (SELECT 1 FROM special_contacts_v1 x WHERE x.contact_id = c.id)
		ORDER BY c.sort_key, c.id
		LIMIT $3`, purpose, since, limit)
	if err != nil {
		return nil, fmt.Errorf("outbox: audience: %w", err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (m AudienceMember, err error) {
		err = r.Scan(&m.ContactID, &m.ConsentID, &m.Name, &m.Email, &m.Basis)
		return m, err
	})
}

// Recipients addresses each member with the link that withdraws the
// consent the e-mail rests on or, for an existing client under
// legitimate interest, records their objection to direct marketing (it
// ends the text and is the List-Unsubscribe header's), on the firm's
// address base (a page's origin, or KLIENT_PUBLIC_URL for a scheduled
// campaign); the text itself is the campaign's.
func Recipients(audience []AudienceMember, links *gdpr.WithdrawalLinks, base string, expires time.Time) ([]communication.CampaignRecipient, error) {
	out := make([]communication.CampaignRecipient, len(audience))
	for i, m := range audience {
		var token, path string
		var err error
		if m.Basis == BasisLegitimateInterest {
			token, err = links.SignObjection(m.ContactID, expires)
			path = "/marketing/objection/"
		} else {
			token, err = links.Sign(m.ContactID, m.ConsentID, expires)
			path = "/consent/withdraw/"
		}
		if err != nil {
			return nil, domain.Internal(err)
		}
		out[i] = communication.CampaignRecipient{ContactID: m.ContactID, Basis: m.Basis, Mail: communication.Mail{To: m.Email, ToName: m.Name,
			Unsubscribe: base + path + token}}
	}
	return out, nil
}
