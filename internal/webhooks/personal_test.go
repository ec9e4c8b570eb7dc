package webhooks_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	dpocmd "github.com/klient-crm/klient/commands/dpo"
	gdprcmd "github.com/klient-crm/klient/commands/gdpr"
	"github.com/klient-crm/klient/commands/journal"
	staffcmd "github.com/klient-crm/klient/commands/staff"
	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/domain/contact"
	domaindpo "github.com/klient-crm/klient/domain/dpo"
	"github.com/klient-crm/klient/internal/apptest"
	"github.com/klient-crm/klient/internal/webhooks"
	"github.com/klient-crm/klient/projections/integrations"
)

// processor records a processor in the DPO's register, its agreement
// signed or not, and returns its ID.
func (w *world) processor(signed bool) string {
	w.t.Helper()
	h, err := dpocmd.NewRecordProcessorHandler(w.app.Store, w.app.Codec, apptest.Now)
	apptest.Must(w.t, err)
	p := domaindpo.ProcessorRecorded{ProcessorID: uuid.Must(uuid.NewV7()).String(), Name: "Fakturabolaget AB",
		Service: "Fakturering", DataCategories: "Namn, e-post", Countries: []string{"SE"}, Mechanism: domaindpo.MechanismNone,
		ReviewBy: time.Now().AddDate(1, 0, 0)}
	if signed {
		p.AgreementSigned = time.Now().AddDate(0, -1, 0)
	}
	res, err := h.Handle(context.Background(), dpocmd.RecordProcessor{Actor: journal.Actor{ID: "dpo-1"}, New: true, Processor: p})
	apptest.Must(w.t, err)
	apptest.Settle(w.t, w.app.Runtime, res.Position)
	return res.ProcessorID
}

// TestProcessorBoundWebhookGetsThePurposesFields (issue 18): a webhook
// the administrator tied to a processor in the DPO's register (agreement
// signed) and the billing purpose gets each person's name and e-mail —
// and nothing else personal (no personnummer) — but never a restricted
// person's, whose entry goes with IDs alone; nor does a webhook tied to a
// processor without a signed agreement, nor an untied one.
func TestProcessorBoundWebhookGetsThePurposesFields(t *testing.T) {
	w := newWorld(t)
	rc := newReceiver(t)
	bound, _ := w.subscribe(rc.srv.URL, integrations.KindContactRegistered, integrations.KindContactChanged)
	unsigned, _ := w.subscribe(rc.srv.URL+"/unsigned", integrations.KindContactRegistered, integrations.KindContactChanged)
	ctx := context.Background()
	// Made by a member who keeps the GDPR registers too, so the feed
	// gives them a restricted person's entries: the fields are what is
	// held back then.
	sh, err := staffcmd.NewRegisterStaffMemberHandler(w.app.Staff)
	apptest.Must(t, err)
	dpo, err := sh.Handle(ctx, staffcmd.RegisterStaffMember{Actor: journal.Actor{ID: "admin"},
		Details: access.StaffDetails{Name: "Disa Dataskydd", Email: "disa@byran.example"}, Roles: []access.Role{access.RoleLawyer, access.RoleDPO}})
	apptest.Must(t, err)
	apptest.Settle(t, w.app.Runtime, dpo.Position)
	for id, processor := range map[string]string{bound.ID: w.processor(true), unsigned.ID: w.processor(false)} {
		_, err := w.app.Pool.Exec(ctx, `UPDATE webhook_subscriptions SET processor_id = $2, purpose = 'billing',
			staff_id = $3, roles = '{lawyer,dpo}' WHERE id = $1`, id, processor, dpo.StaffID)
		apptest.Must(t, err)
	}
	res := apptest.Person(t, w.app.Contacts, contact.PersonDetails{GivenName: "Siv", FamilyName: "Svensson",
		Personnummer: "19811218-9876", Emails: []contact.Email{{Address: "siv@example.se"}}})
	apptest.Settle(t, w.app.Runtime, res.Position)
	restricted := apptest.Person(t, w.app.Contacts, contact.PersonDetails{GivenName: "Rolf", FamilyName: "Restrikt",
		Emails: []contact.Email{{Address: "rolf@example.se"}}})
	rh, err := gdprcmd.NewApplyRestrictionHandler(w.app.Subjects)
	apptest.Must(t, err)
	rr, err := rh.Handle(ctx, gdprcmd.ApplyRestriction{Actor: journal.Actor{ID: "dpo-1"}, SubjectID: restricted.ContactID,
		Reason: "Bestrider uppgifternas riktighet"})
	apptest.Must(t, err)
	apptest.Settle(t, w.app.Runtime, rr.Position)
	drain(t, w.sender(true), 6)

	byURL := map[string][]webhooks.Payload{}
	for _, r := range rc.requests() {
		var p webhooks.Payload
		apptest.Must(t, json.Unmarshal([]byte(r.Body), &p))
		byURL[r.Path] = append(byURL[r.Path], p)
		if strings.Contains(r.Body, "9876") || strings.Contains(r.Body, "Rolf") {
			t.Errorf("a webhook got a personnummer or a restricted person's name: %s", r.Body)
		}
	}
	got := byURL["/"]
	if len(got) != 2 || got[0].Data.Personal[res.ContactID] != (integrations.PersonalFields{Name: "Siv Svensson", Email: "siv@example.se"}) ||
		len(got[0].Data.Personal) != 1 {
		t.Fatalf("the bound webhook got %+v; want Siv's registration with her name and e-mail, then Rolf's", got)
	}
	if got[1].Data.ContactIDs[0] != restricted.ContactID || got[1].Data.Personal != nil {
		t.Errorf("the restricted person's entry went with %+v; want their ID alone", got[1].Data)
	}
	if u := byURL["/unsigned"]; len(u) != 2 || u[0].Data.Personal != nil || u[1].Data.Personal != nil {
		t.Errorf("the webhook of a processor without an agreement got %+v; want IDs alone", u)
	}
}
