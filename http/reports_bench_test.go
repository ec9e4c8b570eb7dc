package http_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/http/web"
)

// BenchmarkReportsDashboard times the whole /reports handler (guard,
// walls, every query, charts, template, access log) over a firm of 100,000
// contacts and 20,000 matters, as a lawyer on one of eight teams, as an
// analyst (firm-wide) and as the DPO (firm-wide, and the request report).
// It reports p50 and p95 in milliseconds; the target is p95 ≤ 100 ms.
//
//	go test -run '^$' -bench BenchmarkReportsDashboard -benchtime 200x ./http/
func BenchmarkReportsDashboard(b *testing.B) {
	a := newApp(b)
	lawyer := a.memberIn([]string{"team-3"}, access.RoleLawyer)
	seedFirm(b, a, lawyer.ID)
	a.wallMatter(seededMatter(24), lawyer.ID)
	viewers := map[string]member{"lawyer": lawyer, "analyst": a.member(access.RoleAnalyst), "dpo": a.member(access.RoleDPO)}
	for _, name := range []string{"lawyer", "analyst", "dpo"} {
		cookie := a.signIn(viewers[name].ID)
		b.Run(name, func(b *testing.B) { timePage(b, a.as(cookie), "/reports") })
	}
}

// timePage times b.N requests for path as a's member, with p50 and p95.
func timePage(b *testing.B, a *app, path string) {
	if rec := a.get(path); rec.Code != http.StatusOK {
		b.Fatalf("%s: %d", path, rec.Code)
	}
	took := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for range b.N {
		req := httptest.NewRequest(http.MethodGet, "http://klient.test"+path, nil)
		req.AddCookie(&http.Cookie{Name: web.SessionCookieDev, Value: a.cookie})
		rec := httptest.NewRecorder()
		start := time.Now()
		a.handler.ServeHTTP(rec, req)
		took = append(took, time.Since(start))
		if rec.Code != http.StatusOK {
			b.Fatalf("%s: %d", path, rec.Code)
		}
	}
	b.StopTimer()
	slices.Sort(took)
	b.ReportMetric(ms(took[len(took)/2]), "p50-ms")
	b.ReportMetric(ms(took[min(len(took)-1, len(took)*95/100)]), "p95-ms")
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// seedFirm fills the read models straight in SQL: a benchmark needs the
// volume, not the history. Lawyer is responsible for every 40th matter.
func seedFirm(b *testing.B, a *app, lawyer string) {
	b.Helper()
	ctx := context.Background()
	for _, sql := range seedSQL {
		if _, err := a.pool.Exec(ctx, sql, lawyer); err != nil {
			b.Fatalf("seed: %v\n%s", err, sql)
		}
	}
	if _, err := a.pool.Exec(ctx, seedAnalyze); err != nil {
		b.Fatal(err)
	}
}

// seededMatter is the ID the seed gives matter i.
func seededMatter(i int) string {
	const digits = "000000000000"
	s := itoa(i)
	return "01900000-0000-7000-8000-" + digits[len(s):] + s
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	var buf [20]byte
	n := len(buf)
	for ; i > 0; i /= 10 {
		n--
		buf[n] = byte('0' + i%10)
	}
	return string(buf[n:])
}
