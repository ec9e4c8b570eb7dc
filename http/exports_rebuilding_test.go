package http_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/klient-crm/klient/domain/access"
)

// While a read model is being rebuilt the pages carry the banner, but an
// export — a report's CSV and JSON for an analyst, the audit trail's CSV
// for an auditor, the registers' CSVs for the DPO: what is taken away and
// counted on, with no banner to read — answered as if complete (found
// trying them from outside during a catch-up). Now they answer 503 with
// Retry-After and say why in Swedish; once the read model runs they
// answer again.
func TestExportsSayWhenARegisterIsRebuilt(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	an := a.as(a.signIn(a.member(access.RoleAnalyst).ID))
	_, auditor := a.auditor()
	dpo := a.as(a.signIn(a.member(access.RoleDPO).ID))
	exports := func() []*httptest.ResponseRecorder {
		return []*httptest.ResponseRecorder{an.get("/reports/lawyers.csv"), an.call(http.MethodGet, "/api/v1/reports/lawyers", ""),
			auditor.get("/audit/trail.csv"), dpo.get("/registers/breaches.csv"), dpo.get("/registers/processors.csv")}
	}
	answer := func(want int) func() bool {
		return func() bool {
			for _, rec := range exports() {
				if rec.Code != want {
					return false
				}
			}
			return true
		}
	}
	if !answer(http.StatusOK)() {
		t.Fatal("the exports do not answer before the rebuild")
	}

	_, err := a.pool.Exec(context.Background(), `UPDATE projector_checkpoints SET status = 'rebuilding' WHERE name = 'matters'`)
	must(t, err)
	eventually(t, "the exports refuse", answer(http.StatusServiceUnavailable))
	for _, rec := range exports() {
		if rec.Header().Get("Retry-After") == "" {
			t.Errorf("a refusal while rebuilding has no Retry-After")
		}
		wantContains(t, rec.Body.String(), "Registren byggs om just nu")
	}

	_, err = a.pool.Exec(context.Background(), `UPDATE projector_checkpoints SET status = 'running' WHERE name = 'matters'`)
	must(t, err)
	eventually(t, "the exports answer again", answer(http.StatusOK))
}
