package http_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	contactpages "github.com/klient-crm/klient/http/contacts"

	"github.com/klient-crm/klient/http/web"
)

// TestAPIRoundTrip: create → get → patch → stale patch → search, against the
// real store, keyring and projections.
func TestAPIRoundTrip(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	id := roundTripCreate(t, a)
	etag, version := roundTripGet(t, a, id)
	roundTripPatch(t, a, id, etag)
	roundTripStalePatch(t, a, id, etag, version)
	roundTripSearch(t, a, id)
}

func roundTripCreate(t *testing.T, a *app) string {
	rec := a.call(http.MethodPost, "/api/v1/contacts", annaJSON)
	wantStatus(t, rec, http.StatusCreated)
	created := decode[contactpages.ContactJSON](t, rec)
	if created.ID == "" || rec.Header().Get("Location") != "/api/v1/contacts/"+created.ID || created.DisplayName != "Anna Lindqvist" {
		t.Fatalf("created: %+v %v", created, rec.Header())
	}
	return created.ID
}

// roundTripGet checks the details come back normalised, with the version
// as ETag.
func roundTripGet(t *testing.T, a *app, id string) (string, uint64) {
	rec := a.call(http.MethodGet, "/api/v1/contacts/"+id, "")
	wantStatus(t, rec, http.StatusOK)
	got := decode[struct {
		Version uint64
		Details struct {
			Personnummer string `json:"personnummer"`
			Phones       []struct{ Number string }
			Addresses    []struct {
				PostalCode string `json:"postal_code"`
			}
		}
	}](t, rec)
	etag := rec.Header().Get("ETag")
	if etag != web.VersionETag(got.Version) || got.Details.Personnummer != "19811218-9876" ||
		got.Details.Phones[0].Number != "+46701234567" || got.Details.Addresses[0].PostalCode != "111 22" {
		t.Fatalf("get: etag %s, %+v", etag, got)
	}
	if rec := a.call(http.MethodGet, "/api/v1/contacts/"+id, "", "If-None-Match", etag); rec.Code != http.StatusNotModified {
		t.Errorf("If-None-Match with the current ETag: %d", rec.Code)
	}
	return etag, got.Version
}

func roundTripPatch(t *testing.T, a *app, id, etag string) {
	rec := a.call(http.MethodPatch, "/api/v1/contacts/"+id, `{"details":{"family_name":"Berg"}}`, "If-Match", etag)
	wantStatus(t, rec, http.StatusOK)
	patched := decode[contactpages.ContactJSON](t, rec)
	if patched.DisplayName != "Anna Berg" || rec.Header().Get("ETag") == etag || rec.Header().Get("ETag") != web.VersionETag(patched.Version) {
		t.Fatalf("patched: %+v", patched)
	}
}

// roundTripStalePatch sends the old version both ways a client can.
func roundTripStalePatch(t *testing.T, a *app, id, etag string, version uint64) {
	before := a.events()
	rec := a.call(http.MethodPatch, "/api/v1/contacts/"+id, `{"details":{"family_name":"Ek"}}`, "If-Match", etag)
	if p := wantProblem(t, rec, http.StatusConflict); p.Title != "Ändrad av någon annan" {
		t.Errorf("stale patch: %+v", p)
	}
	rec = a.call(http.MethodPatch, "/api/v1/contacts/"+id, `{"version":`+web.Uitoa(version)+`,"details":{"family_name":"Ek"}}`)
	wantProblem(t, rec, http.StatusConflict)
	if a.events() != before {
		t.Errorf("stale patches wrote: %d → %d events", before, a.events())
	}
}

// roundTripSearch finds the changed contact by name and by number, by GET
// and by POST.
func roundTripSearch(t *testing.T, a *app, id string) {
	for _, rec := range []*httptest.ResponseRecorder{
		a.call(http.MethodGet, "/api/v1/contacts?q=berg", ""),
		a.call(http.MethodPost, "/api/v1/contacts/search", `{"q":"anna berg"}`),
		a.call(http.MethodPost, "/api/v1/contacts/search", `{"q":"811218-9876"}`),
	} {
		wantStatus(t, rec, http.StatusOK)
		found := decode[contactpages.ListJSON](t, rec)
		if len(found.Items) != 1 || found.Items[0].ID != id || found.Items[0].DisplayName != "Anna Berg" {
			t.Errorf("search: %+v", found)
		}
	}
}

// TestAPICreateIsSafeToRetry: the same body with the same client-chosen id
// lands on one contact and writes once.
func TestAPICreateIsSafeToRetry(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	body := `{"id":"01926f2e-8a39-7d6e-9c31-4c1d2b3a4f50","kind":"organisation","details":{"name":"Berg & Ek AB","organisationsnummer":"556036-0793"}}`
	first := a.call(http.MethodPost, "/api/v1/contacts", body)
	wantStatus(t, first, http.StatusCreated)
	events := a.events()
	again := a.call(http.MethodPost, "/api/v1/contacts", body)
	wantStatus(t, again, http.StatusCreated)
	if decode[contactpages.ContactJSON](t, again).ID != "01926f2e-8a39-7d6e-9c31-4c1d2b3a4f50" || a.events() != events {
		t.Fatalf("retry wrote again: %d → %d events", events, a.events())
	}
}
