package contacts_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/projections/contacts"
)

// writeSubject appends GDPR register events to subject id's stream.
func (w *world) writeSubject(id string, evs ...domain.Event) {
	w.T.Helper()
	ctx := context.Background()
	var envs []eventstore.Envelope
	for _, ev := range evs {
		env, err := w.Codec.Encode(ctx, uuid.Must(uuid.NewV7()), ev, eventstore.Metadata{Actor: "dpo-1", OccurredAt: time.Now()})
		must(w.T, err)
		envs = append(envs, env)
	}
	res, err := w.Store.Append(ctx, gdpr.SubjectStreamName(id), eventstore.Any, envs)
	must(w.T, err)
	w.Wrote(res.LastPosition)
}

// A restricted person is left out of every list and refused by Get, but
// for the DPO; lifting the restriction brings them back.
func TestRestrictedPersonIsHidden(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	must(t, w.Codec.Register(gdpr.Events()...))
	w.Run()
	id := w.addPerson(person("Rut", "Spärrad", "19800101-0008"))
	w.writeSubject(id, gdpr.RestrictionApplied{SubjectID: id, Reason: "Bestrider riktigheten"})
	w.caughtUp()
	ctx := context.Background()

	if got := w.search("Rut", contacts.Options{}); len(got) != 0 {
		t.Fatalf("search finds a restricted person: %+v", got)
	}
	c, err := contacts.Get(ctx, w.Pool, id)
	if domain.KindOf(err) != domain.KindForbidden || c.DisplayName != "" || !c.Restricted {
		t.Fatalf("Get of a restricted person = %+v, %v", c, err)
	}
	dpo := w.search("Rut", contacts.Options{IncludeRestricted: true})
	if len(dpo) != 1 || !dpo[0].Restricted {
		t.Fatalf("the DPO's search = %+v", dpo)
	}
	c, err = contacts.GetWith(ctx, w.Pool, id, contacts.GetOptions{IncludeRestricted: true})
	if err != nil || c.DisplayName != "Rut Spärrad" {
		t.Fatalf("the DPO's Get = %+v, %v", c, err)
	}

	w.writeSubject(id, gdpr.RestrictionLifted{SubjectID: id, By: "dpo-1"})
	w.caughtUp()
	if got := w.search("19800101-0008", contacts.Options{}); len(got) != 1 || got[0].Restricted {
		t.Fatalf("after lifting: %+v", got)
	}
}

// SubjectErased blanks the live row at once, search columns and lookup
// keys included, without waiting for a rebuild.
func TestSubjectErasedBlanksTheRow(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	must(t, w.Codec.Register(gdpr.Events()...))
	w.Run()
	d := person("Gunnel", "Glömd", "19650505-0004")
	d.Emails = []contact.Email{{Address: "gunnel@example.se"}}
	id := w.addPerson(d)
	org := newID()
	w.write(org, contact.OrganisationRegistered{ContactID: org, Details: contact.OrganisationDetails{Name: "Kvar AB"}})
	w.write(id, contact.AffiliationAdded{ContactID: id, OrganisationID: org, Role: "VD"})
	w.caughtUp()
	ctx := context.Background()
	// The contact's row, the two words of the name ("gunnel", "glomd") and
	// the role.
	if n, err := contacts.SubjectRows(ctx, w.Pool, id); err != nil || n != 4 {
		t.Fatalf("rows before erasure = %d, %v", n, err)
	}

	w.writeSubject(id, gdpr.SubjectErased{SubjectID: id, RequestID: newID(), ApprovedBy: "dpo-1",
		ErasedAt: time.Now(), KeyTombstone: "ab12"})
	w.caughtUp()
	if n, err := contacts.SubjectRows(ctx, w.Pool, id); err != nil || n != 0 {
		t.Fatalf("rows after erasure = %d, %v", n, err)
	}
	for _, q := range []string{"Gunnel", "glomd", "19650505-0004", "gunnel@example.se"} {
		if got := w.search(q, contacts.Options{IncludeErased: true, IncludeRestricted: true}); len(got) != 0 {
			t.Errorf("Search(%q) finds the erased person: %+v", q, got)
		}
	}
	if row := getRow(t, w, id); !strings.Contains(row, `"erased":true`) || strings.Contains(row, "Gunnel") || strings.Contains(row, "n:") {
		t.Fatalf("erased row: %s", row)
	}
}
