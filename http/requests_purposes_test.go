package http_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/klient-crm/klient/domain/access"
	requestpages "github.com/klient-crm/klient/http/requests"
	gdprmodel "github.com/klient-crm/klient/projections/gdpr"
)

// Issue 11, item 5 for the access log: a purpose typed while reading
// Klara ("ringde om Zoltrix Kvarnbäckströms bouppteckning") is sealed for
// Klara, so Zoltrix's erasure would leave it readable. The erasure finds
// it, the certificate lists it (never its words) and the DPO's page opens
// it; the DPO erases it after the confirmation, and then the access log's
// page shows "(raderad)" for it while Klara's other purpose reads as
// written.
func TestAccessPurposeNamingTheErasedIsFoundAndErased(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	person := created(t, a.call(http.MethodPost, "/api/v1/contacts",
		`{"kind":"person","details":{"given_name":"Zoltrix","family_name":"Kvarnbäckström"}}`))
	klara := a.createPerson("Klara", "Klient")
	const naming, other = "ringde om Zoltrix Kvarnbäckströms bouppteckning", "fakturafrågan"
	for _, purpose := range []string{naming, other} {
		wantStatus(t, a.call(http.MethodGet, "/api/v1/contacts/"+klara, "", "Klient-Purpose", purpose), http.StatusOK)
	}
	a.caughtUp(t)

	dpo := a.dpo()
	erasure := dpo.eraseNow(t, person)
	rec := dpo.call(http.MethodGet, "/api/v1/erasures/"+erasure+"/certificate", "")
	wantStatus(t, rec, http.StatusOK)
	cert := decode[gdprmodel.ErasureCertificate](t, rec)
	if len(cert.Mentions) != 1 || cert.Mentions[0].Kind != "access_purpose" || cert.Mentions[0].MatterID != "" ||
		!strings.HasPrefix(cert.Mentions[0].EntryID, "access-") || strings.Join(cert.Mentions[0].Marks, ",") != "name" {
		t.Fatalf("certificate mentions = %+v; want the one purpose, named by name", cert.Mentions)
	}
	if strings.Contains(strings.ToLower(rec.Body.String()), "kvarnb") {
		t.Error("the certificate quotes the purpose it found the person in")
	}
	mention := "/gdpr/erasures/" + erasure + "/mentions/" + cert.Mentions[0].EntryID
	wantContains(t, dpo.get("/gdpr/erasures/"+erasure).Body.String(), "Syfte i åtkomstloggen", mention)
	page := dpo.get(mention)
	wantStatus(t, page, http.StatusOK)
	wantContains(t, page.Body.String(), naming, "Radera syftet")

	got := decode[requestpages.MentionJSON](t, dpo.call(http.MethodGet, "/api/v1/erasures/"+erasure+"/mentions/"+cert.Mentions[0].EntryID, ""))
	if got.Kind != "access_purpose" || got.Text.Text != naming || got.Erased {
		t.Errorf("the API reads the mention as %+v", got)
	}

	// A lawyer (no GDPR role) is answered as for an unknown mention.
	wantStatus(t, a.get(mention), http.StatusNotFound)

	rec = dpo.confirmed(mention, url.Values{"version": {"0"}})
	wantStatus(t, rec, http.StatusSeeOther)
	after := decode[gdprmodel.ErasureCertificate](t, dpo.call(http.MethodGet, "/api/v1/erasures/"+erasure+"/certificate", ""))
	if len(after.Mentions) != 1 || after.Mentions[0].RedactedAt.IsZero() {
		t.Errorf("after the DPO erased it the certificate lists %+v", after.Mentions)
	}
	auditor := a.as(a.signIn(a.member(access.RoleAuditor).ID))
	log := auditor.get("/admin/access-log?subject=" + klara).Body.String()
	wantContains(t, log, "(raderad)", other)
	wantAbsent(t, log, "bouppteckning")
	wantContains(t, dpo.get(mention).Body.String(), `id="mention-erased"`)
}
