package contacts_test

import (
	"context"
	"errors"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/projections/contacts"
)

// After a subject's key is shredded, rebuilding the read model leaves the
// contact blank and marked erased: found by nobody, not even by number.
func TestErasedContactIsBlanked(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	d := person("Erik", "Raderad", "19700101-1111")
	d.Emails = []contact.Email{{Address: "erik@example.se"}}
	erik := w.addPerson(d)
	org := newID()
	w.write(org, contact.OrganisationRegistered{ContactID: org, Details: contact.OrganisationDetails{Name: "Kvar AB"}})
	w.write(erik, contact.AffiliationAdded{ContactID: erik, OrganisationID: org, Role: "Styrelseledamot"})
	w.Run()
	w.caughtUp()

	_, err := w.Keys.Shred(context.Background(), erik)
	must(t, err)
	must(t, w.RT.Rebuild(context.Background(), "contacts", nil))

	c, err := contacts.Get(t.Context(), w.Pool, erik)
	var de *domain.Error
	if !errors.As(err, &de) || de.Kind != domain.KindErased || !c.Erased || c.DisplayName != "" || c.Personnummer != "" || len(c.Emails) != 0 {
		t.Fatalf("Get of an erased contact = %+v, %v", c, err)
	}
	for _, q := range []string{"Erik", "19700101-1111", "erik@example.se"} {
		if got := w.search(q, contacts.Options{IncludeErased: true}); len(got) != 0 {
			t.Errorf("Search(%q) still finds the erased contact: %+v", q, got)
		}
	}
	all, err := contacts.List(t.Context(), w.Pool, contacts.Options{IncludeErased: true})
	must(t, err)
	if len(all) != 2 || !all[0].Erased || all[0].DisplayName != "" {
		t.Fatalf("List with erased = %+v", all)
	}
	o, err := contacts.Get(t.Context(), w.Pool, org)
	must(t, err)
	if len(o.Affiliations) != 1 || o.Affiliations[0].Role != "" || o.Affiliations[0].PersonName != "" {
		t.Fatalf("erased person's role survived on the organisation: %+v", o.Affiliations)
	}
}

// Applying the same events again, or an older event after a newer one,
// changes nothing.
func TestApplyIsIdempotent(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	id := w.addPerson(person("Ida", "Först", ""))
	w.write(id, contact.PersonDetailsChanged{ContactID: id, Details: person("Ida", "Sedan", "")},
		contact.ContactArchived{ContactID: id})
	w.Run()
	w.caughtUp()
	before := getRow(t, w, id)

	envs, err := w.Store.ReadAll(context.Background(), eventstore.Start, 100)
	must(t, err)
	var decoded []eventstore.Decoded
	for _, env := range envs {
		d, err := w.Codec.Decode(context.Background(), env)
		must(t, err)
		decoded = append(decoded, d)
	}
	p := contacts.NewProjector()
	apply := func(batch ...eventstore.Decoded) {
		must(t, pgx.BeginFunc(context.Background(), w.Pool, func(tx pgx.Tx) error {
			return p.Apply(context.Background(), tx, batch)
		}))
	}
	apply(decoded...) // the whole history again
	apply(decoded[1]) // an older details change
	apply(decoded[0]) // the registration
	if after := getRow(t, w, id); after != before {
		t.Fatalf("replay changed the row:\n before %s\n after  %s", before, after)
	}
}

func getRow(t *testing.T, w *world, id string) string {
	t.Helper()
	var s string
	must(t, w.Pool.QueryRow(context.Background(), `SELECT row_to_json(c)::text FROM contacts_v1 c WHERE id = $1`, id).Scan(&s))
	return s
}
