package http_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	contactpages "github.com/klient-crm/klient/http/contacts"

	contactcmd "github.com/klient-crm/klient/commands/contact"
	gdprcmd "github.com/klient-crm/klient/commands/gdpr"
	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/projections/staff"
)

// guardContacts gives the app's contact changes the restriction guard
// production wires (cmd/klient's wireErasure): only the DPO may change a
// restricted person.
func (a *app) guardContacts() {
	a.t.Helper()
	repo, err := contactcmd.NewContacts(a.store, a.codec, time.Now)
	must(a.t, err)
	subjects, err := gdprcmd.NewSubjects(a.store, a.codec, time.Now, gdpr.DefaultPurposes)
	must(a.t, err)
	repo.WithRestrictionGuard(subjects, func(ctx context.Context, actor journal.Actor) (bool, error) {
		m, err := staff.Get(ctx, a.pool, actor.ID)
		if domain.IsKind(err, domain.KindNotFound) {
			return false, nil
		}
		return err == nil && slices.Contains(m.Roles, access.RoleDPO), err
	})
	change, err := contactcmd.NewChangeContactDetailsHandler(repo)
	must(a.t, err)
	a.deps.People.Commands.ChangeDetails = change
	a.rebuild()
}

// TestRestrictionHidesThePerson: once the DPO restricts a person, staff
// without gdpr.manage get 404 for their page, API record and privacy
// entries, do not find them in lists and searches, and cannot change
// them (the command's own refusal, in words); the DPO still opens the
// page and sees the panel.
func TestRestrictionHidesThePerson(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	a.guardContacts()
	id := a.createPerson("Rut", "Undanskymd")
	version := decode[contactpages.ContactJSON](t, a.call(http.MethodGet, "/api/v1/contacts/"+id, "")).Version
	dpo := a.dpo()
	wantStatus(t, dpo.call(http.MethodPost, "/api/v1/contacts/"+id+"/restriction", `{"reason":"Personen bestrider riktigheten"}`), http.StatusOK)

	for _, path := range []string{"/contacts/" + id, "/contacts/" + id + "/edit", "/contacts/" + id + "/communications",
		"/api/v1/contacts/" + id, "/api/v1/contacts/" + id + "/privacy"} {
		rec := a.get(path)
		wantStatus(t, rec, http.StatusNotFound)
		wantAbsent(t, rec.Body.String(), "Undanskymd")
	}
	for _, rec := range []*httptest.ResponseRecorder{
		a.call(http.MethodPost, "/api/v1/contacts/search", `{"q":"Undanskymd"}`),
		a.call(http.MethodGet, "/api/v1/contacts", ""),
	} {
		wantAbsent(t, rec.Body.String(), "Undanskymd", id)
	}
	// The search page repeats the words searched for, so look for the hit.
	wantAbsent(t, a.post("/contacts/search", url.Values{"q": {"Undanskymd"}}).Body.String(), id)
	before := a.events()
	form := url.Values{"kind": {"person"}, "version": {strconv.FormatUint(version, 10)}, "given_name": {"Rut"}, "family_name": {"Ändrad"}}
	rec := a.post("/contacts/"+id, form)
	// Gone from view (README: restriction), so the same 404 as an unknown
	// contact's, not a refusal that tells the person is restricted.
	a.refusedUnwritten(t, rec, http.StatusNotFound, before)
	wantAbsent(t, rec.Body.String(), "begränsad", "Undanskymd")
	a.refusedUnwritten(t, a.postPanel(id, "/consents", url.Values{"purpose": {"marketing"}}), http.StatusNotFound, before)
	a.refusedUnwritten(t, a.call(http.MethodPost, "/api/v1/contacts/"+id+"/objection", `{"to":"direct_marketing"}`), http.StatusNotFound, before)

	page := dpo.get("/contacts/" + id)
	wantStatus(t, page, http.StatusOK)
	wantContains(t, page.Body.String(), "Undanskymd", "Behandlingen är begränsad sedan", "Personen bestrider riktigheten", "Häv begränsningen")
	wantStatus(t, dpo.call(http.MethodGet, "/api/v1/contacts/"+id, ""), http.StatusOK)
	if p := decode[contactpages.PrivacyJSON](t, dpo.call(http.MethodGet, "/api/v1/contacts/"+id+"/privacy", "")); !p.Restriction.Active ||
		!strings.Contains(p.Restriction.Reason, "riktigheten") {
		t.Errorf("the DPO's privacy record: %+v", p.Restriction)
	}
	patch := `{"version":` + strconv.FormatUint(version, 10) + `,"details":{"family_name":"Rättad"}}`
	a.refusedUnwritten(t, a.call(http.MethodPatch, "/api/v1/contacts/"+id, patch), http.StatusNotFound, before)
	wantStatus(t, dpo.call(http.MethodPatch, "/api/v1/contacts/"+id, patch), http.StatusOK)
}
