package outbox

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// AudienceMember is one contact a campaign may be sent to, with the
// consent it rests on (whose withdrawal link the e-mail carries).
type AudienceMember struct {
	ContactID string
	ConsentID string
	Name      string
	Email     string
}

// Audience lists the contacts with an active consent for purpose and an
// e-mail address, in a stable order, at most limit (0: all). Never in
// it, whatever the consent says: an erased, restricted or archived
// contact, one with a protected identity, one who has objected to
// anything, one behind any active ethical wall, and one marked as
// holding special categories (art. 9, 10), whole or in a field: a
// mailing's list is no place for them. It reads the
// consents' register, the contacts' read model and the walls together in
// one query, so what it leaves out never reaches the caller.
func Audience(ctx context.Context, pool *pgxpool.Pool, purpose string, limit int) ([]AudienceMember, error) {
	if limit <= 0 {
		limit = 1 << 30
	}
	rows, err := pool.Query(ctx, `
		SELECT DISTINCT ON (c.sort_key, c.id) c.id, k.consent_id, c.display_name, c.emails->0->>'address'
		FROM gdpr_consents_v1 k JOIN contacts_v1 c ON c.id = k.subject_id
		WHERE k.purpose = $1 AND k.withdrawn_at IS NULL
		  AND NOT c.erased AND NOT c.restricted AND NOT c.archived AND NOT c.protected_identity
		  AND jsonb_array_length(c.emails) > 0
		  AND NOT EXISTS (SELECT 1 FROM gdpr_objections_v1 o WHERE o.subject_id = c.id)
		  AND NOT EXISTS (SELECT 1 FROM walls_v1 w WHERE w.active AND w.target_kind = 'contact' AND w.target_id = c.id)
		  AND NOT EXISTS (SELECT 1 FROM special_contacts_v1 x WHERE x.contact_id = c.id)
		ORDER BY c.sort_key, c.id, k.given_at DESC
		LIMIT $2`, purpose, limit)
	if err != nil {
		return nil, fmt.Errorf("outbox: audience: %w", err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (m AudienceMember, err error) {
		err = r.Scan(&m.ContactID, &m.ConsentID, &m.Name, &m.Email)
		return m, err
	})
}
