package contacts

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/domain"
)

const contactColumns = `id, kind, display_name, given_name, family_name, organisation_name, personnummer,
	organisationsnummer, emails, phones, addresses, protected_identity, archived, erased, restricted, version,
	created_at, updated_at, merged_into`

// MergedCode is Get's answer for a contact merged into another: a
// not-found whose Contact names the survivor (MergedInto).
const MergedCode = "contact.merged"

// Get returns one contact with its affiliations. An unknown id is a
// domain.Error of KindNotFound (code contact.not_found). An erased contact
// is a KindErased error (code contact.erased); the Contact returned with it
// holds what is left: its ID, kind and version. A restricted person is a
// KindForbidden error (code contact.restricted) but to the DPO: see GetWith.
func Get(ctx context.Context, db DB, id string) (Contact, error) {
	return GetWith(ctx, db, id, GetOptions{})
}

// GetWith is Get as opts ask.
func GetWith(ctx context.Context, db DB, id string, opts GetOptions) (Contact, error) {
	c, err := scanContact(db.QueryRow(ctx, "SELECT "+contactColumns+" FROM contacts_v1 WHERE id = $1", id))
	if errors.Is(err, pgx.ErrNoRows) {
		return Contact{}, domain.NotFound("there is no such contact").WithCode("contact.not_found")
	}
	if err != nil {
		return Contact{}, fmt.Errorf("contacts: get: %w", err)
	}
	if c.Erased {
		return c, domain.Erased("this contact's personal data has been erased").WithCode("contact.erased")
	}
	if c.MergedInto != "" && !opts.IncludeMerged {
		return Contact{ID: c.ID, Kind: c.Kind, Version: c.Version, MergedInto: c.MergedInto},
			domain.NotFound("this contact was merged into another").WithCode(MergedCode)
	}
	if c.Restricted && !opts.IncludeRestricted {
		return c.withheld(), restricted()
	}
	if c.Affiliations, err = affiliations(ctx, db, id, opts.IncludeRestricted); err != nil {
		return Contact{}, err
	}
	if c.Relationships, err = relationships(ctx, db, id, opts.IncludeRestricted); err != nil {
		return Contact{}, err
	}
	return c, nil
}

func scanContact(row pgx.Row) (Contact, error) {
	var c Contact
	var kind string
	var emails, phones, addresses []byte
	var version int64
	err := row.Scan(&c.ID, &kind, &c.DisplayName, &c.GivenName, &c.FamilyName, &c.OrganisationName,
		&c.Personnummer, &c.Organisationsnummer, &emails, &phones, &addresses,
		&c.ProtectedIdentity, &c.Archived, &c.Erased, &c.Restricted, &version, &c.CreatedAt, &c.UpdatedAt, &c.MergedInto)
	if err != nil {
		return c, err
	}
	c.Kind, c.Version = Kind(kind), uint64(version)
	return c, errors.Join(json.Unmarshal(emails, &c.Emails), json.Unmarshal(phones, &c.Phones),
		json.Unmarshal(addresses, &c.Addresses))
}

// affiliations lists a person's roles or an organisation's people; those
// of restricted contacts only when restricted is true (the DPO's view).
func affiliations(ctx context.Context, db DB, id string, restricted bool) ([]Affiliation, error) {
	rows, err := db.Query(ctx, `SELECT a.person_id, coalesce(p.display_name, ''), a.organisation_id,
			coalesce(o.display_name, ''), a.role
		FROM contacts_v1_affiliations a
		LEFT JOIN contacts_v1 p ON p.id = a.person_id
		LEFT JOIN contacts_v1 o ON o.id = a.organisation_id
		WHERE (a.person_id = $1 OR a.organisation_id = $1)
			AND ($2 OR NOT (coalesce(p.restricted, false) OR coalesce(o.restricted, false)))
		ORDER BY o.sort_name, p.sort_name, a.person_id, a.organisation_id`, id, restricted)
	if err != nil {
		return nil, fmt.Errorf("contacts: affiliations: %w", err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (Affiliation, error) {
		var a Affiliation
		err := r.Scan(&a.PersonID, &a.PersonName, &a.OrganisationID, &a.OrganisationName, &a.Role)
		return a, err
	})
}

// relationships lists the relations between id and other contacts, both
// ways; those to restricted contacts only when restricted is true.
func relationships(ctx context.Context, db DB, id string, restricted bool) ([]Relationship, error) {
	rows, err := db.Query(ctx, `SELECT CASE WHEN r.from_id = $1 THEN r.to_id ELSE r.from_id END AS other,
			coalesce(o.display_name, ''), r.kind, r.from_id = $1
		FROM contacts_v1_relationships r
		LEFT JOIN contacts_v1 o ON o.id = CASE WHEN r.from_id = $1 THEN r.to_id ELSE r.from_id END
		WHERE (r.from_id = $1 OR r.to_id = $1) AND NOT coalesce(o.erased, false)
			AND ($2 OR NOT coalesce(o.restricted, false))
		ORDER BY r.kind, o.sort_name, other`, id, restricted)
	if err != nil {
		return nil, fmt.Errorf("contacts: relationships: %w", err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (Relationship, error) {
		var rel Relationship
		err := r.Scan(&rel.OtherID, &rel.OtherName, &rel.Kind, &rel.Outgoing)
		return rel, err
	})
}

// Survivors maps each of ids that was merged into another contact to the
// contact it was merged into.
func Survivors(ctx context.Context, db DB, ids []string) (map[string]string, error) {
	rows, err := db.Query(ctx, `SELECT id, merged_into FROM contacts_v1 WHERE id = ANY($1) AND merged_into <> ''`, ids)
	if err != nil {
		return nil, fmt.Errorf("contacts: survivors: %w", err)
	}
	out := map[string]string{}
	var id, survivor string
	if _, err := pgx.ForEachRow(rows, []any{&id, &survivor}, func() error { out[id] = survivor; return nil }); err != nil {
		return nil, fmt.Errorf("contacts: survivors: %w", err)
	}
	return out, nil
}

// Absorbed lists the contacts merged into id, and those merged into them
// in turn (a survivor may later be merged away itself), oldest merge
// first: what was theirs is the survivor's now, so its access package
// gathers their register entries and access-log lines too.
func Absorbed(ctx context.Context, db DB, id string) ([]string, error) {
	rows, err := db.Query(ctx, `WITH RECURSIVE absorbed(id, updated_at) AS (
			SELECT id, updated_at FROM contacts_v1 WHERE merged_into = $1 AND merged_into <> ''
			UNION SELECT c.id, c.updated_at FROM contacts_v1 c JOIN absorbed a ON c.merged_into = a.id AND c.merged_into <> '')
		SELECT id FROM absorbed ORDER BY updated_at, id`, id)
	if err != nil {
		return nil, fmt.Errorf("contacts: absorbed: %w", err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("contacts: absorbed: %w", err)
	}
	return out, nil
}

// Ref is what a page needs to name a contact it links to.
type Ref struct {
	DisplayName string // empty when erased or restricted
	Erased      bool
	Restricted  bool
}

// Refs names the contacts of ids that exist, in one query: a list that
// links hundreds of entries to their people reads their names at once
// instead of one contact (and its affiliations) at a time. Erased and
// restricted contacts come without a name, as Get would show them.
func Refs(ctx context.Context, db DB, ids []string) (map[string]Ref, error) {
	rows, err := db.Query(ctx, `SELECT id, display_name, erased, restricted FROM contacts_v1 WHERE id = ANY($1)`, ids)
	if err != nil {
		return nil, fmt.Errorf("contacts: refs: %w", err)
	}
	defer rows.Close()
	out := make(map[string]Ref, len(ids))
	for rows.Next() {
		var id string
		var ref Ref
		if err := rows.Scan(&id, &ref.DisplayName, &ref.Erased, &ref.Restricted); err != nil {
			return nil, fmt.Errorf("contacts: refs: %w", err)
		}
		if ref.Erased || ref.Restricted {
			ref.DisplayName = ""
		}
		out[id] = ref
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("contacts: refs: %w", err)
	}
	return out, nil
}

// Lifetime is when a contact was registered and last changed.
type Lifetime struct {
	ID                   string
	CreatedAt, UpdatedAt time.Time
}

// Lifetimes walks the live contacts in ID order: up to limit after the
// contact after ("" from the first), archived ones included, erased and
// restricted ones (art. 18 keeps them in storage) left out. Retention reads
// every contact this way, a page at a time, instead of opening each.
func Lifetimes(ctx context.Context, db DB, after string, limit int) ([]Lifetime, error) {
	rows, err := db.Query(ctx, `SELECT id, created_at, updated_at FROM contacts_v1
		WHERE id > $1 AND NOT erased AND NOT restricted ORDER BY id LIMIT $2`, after, limit)
	if err != nil {
		return nil, fmt.Errorf("contacts: lifetimes: %w", err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByPos[Lifetime])
	if err != nil {
		return nil, fmt.Errorf("contacts: lifetimes: %w", err)
	}
	return out, nil
}

// WithNumbers lists the live contacts whose details hold a personnummer or
// an organisationsnummer, by ID: the claims' backfill walks them.
func WithNumbers(ctx context.Context, db DB) ([]string, error) {
	rows, err := db.Query(ctx, `SELECT id FROM contacts_v1
		WHERE (personnummer <> '' OR organisationsnummer <> '') AND NOT erased AND merged_into = '' ORDER BY created_at, id`)
	if err != nil {
		return nil, fmt.Errorf("contacts: with numbers: %w", err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("contacts: with numbers: %w", err)
	}
	return out, nil
}
