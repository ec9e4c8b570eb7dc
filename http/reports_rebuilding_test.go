package http_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/klient-crm/klient/domain/access"
)

// While a read model is being rebuilt the report pages carry the banner,
// but a report's CSV and its JSON — what an analyst takes away and counts
// on, with no banner to read — answered as if complete (found trying
// /reports as an analyst during a catch-up). Now they answer 503 with
// Retry-After and say why in Swedish; once the read model runs they
// answer again.
func TestReportExportsSayWhenARegisterIsRebuilt(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	an := a.as(a.signIn(a.member(access.RoleAnalyst).ID))
	wantStatus(t, an.get("/reports/lawyers.csv"), http.StatusOK)
	wantStatus(t, an.call(http.MethodGet, "/api/v1/reports/lawyers", ""), http.StatusOK)

	_, err := a.pool.Exec(context.Background(), `UPDATE projector_checkpoints SET status = 'rebuilding' WHERE name = 'matters'`)
	must(t, err)
	var csv, api *httptest.ResponseRecorder
	eventually(t, "the exports refuse", func() bool {
		csv, api = an.get("/reports/lawyers.csv"), an.call(http.MethodGet, "/api/v1/reports/lawyers", "")
		return csv.Code == http.StatusServiceUnavailable && api.Code == http.StatusServiceUnavailable
	})
	for _, rec := range []*httptest.ResponseRecorder{csv, api} {
		if rec.Header().Get("Retry-After") == "" {
			t.Errorf("a refusal while rebuilding has no Retry-After")
		}
		wantContains(t, rec.Body.String(), "Registren byggs om just nu")
	}

	_, err = a.pool.Exec(context.Background(), `UPDATE projector_checkpoints SET status = 'running' WHERE name = 'matters'`)
	must(t, err)
	eventually(t, "the exports answer again", func() bool {
		return an.get("/reports/lawyers.csv").Code == http.StatusOK && an.call(http.MethodGet, "/api/v1/reports/lawyers", "").Code == http.StatusOK
	})
}
