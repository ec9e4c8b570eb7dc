package contacts

import (
	"encoding/json"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/domain/contact"
)

// row is a contact's personal columns as one details event sets them.
type row struct {
	id, kind                    string
	display, given, family, org string
	personnummer, orgnr         string
	emails, phones, addresses   string   // JSON
	keys                        []string // lookup_keys
	protected                   bool
}

func personRow(id string, d contact.PersonDetails) row {
	return row{
		id: id, kind: string(KindPerson),
		display: strings.TrimSpace(d.GivenName + " " + d.FamilyName), given: d.GivenName, family: d.FamilyName,
		personnummer: d.Personnummer, keys: lookupKeys(d.Personnummer, d.Emails, d.Phones),
		emails: jsonOf(d.Emails), phones: jsonOf(d.Phones), addresses: jsonOf(d.Addresses),
		protected: d.ProtectedIdentity,
	}
}

func organisationRow(id string, d contact.OrganisationDetails) row {
	return row{
		id: id, kind: string(KindOrganisation), display: d.Name, org: d.Name,
		orgnr: d.Organisationsnummer, keys: lookupKeys(d.Organisationsnummer, d.Emails, d.Phones),
		emails: jsonOf(d.Emails), phones: jsonOf(d.Phones), addresses: jsonOf(d.Addresses),
	}
}

// blank is what is left of a contact whose subject was erased.
func (r row) blank() row {
	return row{id: r.id, kind: r.kind, emails: "[]", phones: "[]", addresses: "[]",
		keys: []string{}}
}

// upsertSQL writes a details event. The version guard keeps a replayed older
// event from overwriting newer details; an erased event always blanks, and
// an erased row is never filled again.
const upsertSQL = `INSERT INTO contacts_v1 (id, kind, display_name, sort_name, search_name, given_name, family_name,
	organisation_name, personnummer, organisationsnummer, lookup_keys, emails, phones,
	addresses, protected_identity, erased, version, created_at, updated_at, sort_key)
VALUES ($1, $2, $3, lower($3), $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)
ON CONFLICT (id) DO UPDATE SET display_name = EXCLUDED.display_name, sort_name = EXCLUDED.sort_name,
	sort_key = EXCLUDED.sort_key,
	search_name = EXCLUDED.search_name, given_name = EXCLUDED.given_name, family_name = EXCLUDED.family_name,
	organisation_name = EXCLUDED.organisation_name, personnummer = EXCLUDED.personnummer,
	organisationsnummer = EXCLUDED.organisationsnummer, lookup_keys = EXCLUDED.lookup_keys,
	emails = EXCLUDED.emails, phones = EXCLUDED.phones, addresses = EXCLUDED.addresses,
	protected_identity = EXCLUDED.protected_identity, erased = contacts_v1.erased OR EXCLUDED.erased,
	version = greatest(contacts_v1.version, EXCLUDED.version), updated_at = EXCLUDED.updated_at
WHERE (contacts_v1.version < EXCLUDED.version AND NOT contacts_v1.erased) OR EXCLUDED.erased`

// eraseRolesSQL blanks the roles an erased person held.
const eraseRolesSQL = `UPDATE contacts_v1_affiliations SET role = '' WHERE person_id = $1`

func queueRow(b *pgx.Batch, r row, f fact, created time.Time) {
	if f.erased {
		r = r.blank()
	}
	b.Queue(upsertSQL, r.id, r.kind, r.display, fold(r.display), r.given, r.family, r.org,
		r.personnummer, r.orgnr, r.keys, r.emails, r.phones, r.addresses, r.protected, f.erased, f.version, created, f.at,
		sortKey(r.display))
	if f.erased {
		b.Queue(eraseRolesSQL, r.id)
	}
}

// jsonOf encodes a list as JSON, never as null.
func jsonOf[T any](items []T) string {
	if items == nil {
		items = []T{}
	}
	out, _ := json.Marshal(items) // plain structs of strings: cannot fail
	return string(out)
}
