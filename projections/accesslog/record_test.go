package accesslog_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/projections/accesslog"
)

func TestRecordRoundTrip(t *testing.T) {
	t.Parallel()
	pool, ctx := newLog(t), context.Background()
	e := view("staff-1", 0, "subj-a", "subj-b", "subj-a")
	e.Purpose, e.Via, e.Action, e.Route = "  tvist om faktura  ", accesslog.ViaExport, access.ContactSearch, "/contacts"
	record(t, pool, e)
	got, err := accesslog.Search(ctx, pool, keysOf(pool), accesslog.Filter{})
	if err != nil || len(got) != 1 {
		t.Fatalf("Search = %+v, %v", got, err)
	}
	g := got[0]
	if g.ID == 0 || !g.At.Equal(e.At) || g.StaffID != "staff-1" || !slices.Equal(g.Subjects, []string{"subj-a", "subj-b"}) ||
		g.Route != "/contacts" || g.Action != access.ContactSearch || g.Purpose != "tvist om faktura" ||
		g.CorrelationID != "req-1" || g.Via != accesslog.ViaExport {
		t.Fatalf("entry read back as %+v", g)
	}
}

func TestRecordDefaultsTimeToNow(t *testing.T) {
	t.Parallel()
	pool, ctx := newLog(t), context.Background()
	e := view("staff-1", 0, "subj-a")
	e.At = time.Time{}
	record(t, pool, e)
	got, err := accesslog.Search(ctx, pool, keysOf(pool), accesslog.Filter{})
	if err != nil || len(got) != 1 || time.Since(got[0].At).Abs() > time.Minute {
		t.Fatalf("entry without a time: %+v, %v; want the database's now", got, err)
	}
}

func TestRecordValidates(t *testing.T) {
	t.Parallel()
	pool, ctx := newLog(t), context.Background()
	long := view("staff-1", 0, "subj-a")
	long.Purpose = strings.Repeat("å", accesslog.MaxPurposeLength+1)
	for name, e := range map[string]accesslog.Entry{
		"no staff":      view("", 0, "subj-a"),
		"no subjects":   view("staff-1", 0),
		"empty subject": view("staff-1", 0, "subj-a", ""),
		"no route":      func() accesslog.Entry { e := view("staff-1", 0, "s"); e.Route = ""; return e }(),
		"query string":  func() accesslog.Entry { e := view("staff-1", 0, "s"); e.Route = "/contacts?q=anna"; return e }(),
		"bad via":       func() accesslog.Entry { e := view("staff-1", 0, "s"); e.Via = "fax"; return e }(),
		"long purpose":  long,
		"control chars": func() accesslog.Entry { e := view("staff-1", 0, "s"); e.Purpose = "a\x00b"; return e }(),
	} {
		if err := accesslog.Record(ctx, pool, keysOf(pool), e); !domain.IsKind(err, domain.KindInvalid) {
			t.Errorf("%s: %v; want invalid", name, err)
		}
	}
	var de *domain.Error
	if err := accesslog.Record(ctx, pool, keysOf(pool), long); !errors.As(err, &de) || de.Code != "accesslog.purpose.too_long" {
		t.Errorf("long purpose: %v", err)
	}
	if n := count(t, pool); n != 0 {
		t.Fatalf("%d invalid entries were written", n)
	}
}

// TestNoPersonalDataColumns pins the table's shape: a new column holding
// names or contact details has to get past this test and its reviewer.
func TestNoPersonalDataColumns(t *testing.T) {
	t.Parallel()
	pool, ctx := newLog(t), context.Background()
	rows, err := pool.Query(ctx, `SELECT column_name FROM information_schema.columns
		WHERE table_name = 'access_log' ORDER BY ordinal_position`)
	if err != nil {
		t.Fatal(err)
	}
	var cols []string
	for rows.Next() {
		var c string
		_ = rows.Scan(&c)
		cols = append(cols, c)
	}
	want := []string{"id", "at", "staff_id", "subjects", "route", "action", "purpose", "correlation_id", "via", "refused", "token_id", "webhook_id"} // refused: a reason from a closed set; token_id, webhook_id: IDs, the names stay in credentials and webhook_subscriptions
	if !slices.Equal(cols, want) {
		t.Fatalf("access_log columns %v; want exactly %v", cols, want)
	}
}

// A refused attempt is recorded with its reason and target, found by the
// refused-only search, left out of the refused member's own search and of
// the data subject's access report (it saw nothing); an unknown reason is
// refused.
func TestRefusalsAreRecordedApart(t *testing.T) {
	t.Parallel()
	pool, ctx := newLog(t), context.Background()
	refusal := accesslog.Entry{StaffID: "staff-walled", Subjects: []string{"subject-1"}, Route: "/contacts/{id}", Action: access.ContactView,
		Via: accesslog.ViaPage, Refused: "walled"}
	noErr(t, accesslog.Record(ctx, pool, keysOf(pool), refusal))
	noErr(t, accesslog.Record(ctx, pool, keysOf(pool), accesslog.Entry{StaffID: "staff-a", Route: "/admin/staff", Action: access.StaffManage, Via: accesslog.ViaPage,
		Refused: "forbidden"})) // a role refused on a route that names nobody
	noErr(t, accesslog.Record(ctx, pool, keysOf(pool), accesslog.Entry{StaffID: "staff-b", Subjects: []string{"subject-1"}, Route: "/contacts/{id}",
		Action: access.ContactView, Via: accesslog.ViaPage}))
	if err := accesslog.Record(ctx, pool, keysOf(pool), accesslog.Entry{StaffID: "staff-a", Route: "/x", Via: accesslog.ViaPage, Refused: "because"}); err == nil {
		t.Error("a refusal with an unknown reason was recorded")
	}
	refused, err := accesslog.Search(ctx, pool, keysOf(pool), accesslog.Filter{RefusedOnly: true})
	noErr(t, err)
	if len(refused) != 2 || refused[1].Refused != "walled" || !slices.Equal(refused[1].Subjects, []string{"subject-1"}) {
		t.Errorf("refused-only: %+v", refused)
	}
	own, err := accesslog.Search(ctx, pool, keysOf(pool), accesslog.Filter{Viewer: "staff-walled"})
	noErr(t, err)
	for _, e := range own {
		if e.StaffID == "staff-walled" {
			t.Errorf("the refused member finds their own refusal: %+v", e)
		}
	}
	others, err := accesslog.Search(ctx, pool, keysOf(pool), accesslog.Filter{Viewer: "staff-b", HideOwn: true})
	noErr(t, err)
	if len(others) != 2 || others[0].StaffID != "staff-a" || others[1].StaffID != "staff-walled" {
		t.Errorf("the search hiding staff-b's own entries: %+v", others)
	}
	seen, err := accesslog.ForSubject(ctx, pool, keysOf(pool), "subject-1")
	noErr(t, err)
	if len(seen) != 1 || seen[0].StaffID != "staff-b" {
		t.Errorf("who saw subject-1: %+v", seen)
	}
}

func noErr(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// A reader opens a purpose only through the copy of someone they may see
// (Filter.MaySee): an entry read subj-a and subj-b; a reader who may see
// subj-b alone reads it through subj-b's copy, and once that copy's key
// is gone reads it as erased — as one whose every key is gone — though
// subj-a's copy still opens for a reader without the rule. A reader who
// may see neither reads it as erased from the start.
func TestSearchOpensAPurposeOnlyThroughCopiesTheReaderMaySee(t *testing.T) {
	t.Parallel()
	pool, ctx := newLog(t), context.Background()
	e := view("staff-1", 0, "subj-a", "subj-b")
	e.Purpose = "bouppteckningen"
	record(t, pool, e)
	only := func(seen ...string) func(context.Context, []string) (map[string]bool, error) {
		return func(_ context.Context, owners []string) (map[string]bool, error) {
			may := map[string]bool{}
			for _, o := range owners {
				may[o] = slices.Contains(seen, o)
			}
			return may, nil
		}
	}
	read := func(f accesslog.Filter) accesslog.Entry {
		t.Helper()
		got, err := accesslog.Search(ctx, pool, keysOf(pool), f)
		if err != nil || len(got) != 1 {
			t.Fatalf("Search = %+v, %v", got, err)
		}
		return got[0]
	}
	if g := read(accesslog.Filter{MaySee: only("subj-b")}); g.Purpose != "bouppteckningen" || g.PurposeErased {
		t.Errorf("through subj-b's copy: %+v", g)
	}
	if g := read(accesslog.Filter{MaySee: only()}); g.Purpose != "" || !g.PurposeErased {
		t.Errorf("a reader who may see neither reads %q (erased %v); want it erased", g.Purpose, g.PurposeErased)
	}
	if _, err := keysOf(pool).Shred(ctx, accesslog.PurposeEntryKey("subj-b", read(accesslog.Filter{}).ID)); err != nil {
		t.Fatal(err)
	}
	if g := read(accesslog.Filter{MaySee: only("subj-b")}); g.Purpose != "" || !g.PurposeErased {
		t.Errorf("subj-b's copy gone, the reader of subj-b reads %q (erased %v); want it erased", g.Purpose, g.PurposeErased)
	}
	if g := read(accesslog.Filter{}); g.Purpose != "bouppteckningen" {
		t.Errorf("without a reader's rule subj-a's copy reads %q", g.Purpose)
	}
}
