package http_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	staffcmd "github.com/klient-crm/klient/commands/staff"
	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/eventstore"
	casework "github.com/klient-crm/klient/http/casework"
	requestpages "github.com/klient-crm/klient/http/requests"
	"github.com/klient-crm/klient/http/web"
)

// Every column that holds a sealed field's words is one a read model
// declares (issue 11, item 1), and an erasure leaves none of the
// person's words in any table. A person (zqxpers…), a counterparty
// (zqxpart…), a matter (zqxmatt…) and a staff member (zqxstaff) are made
// through the API with a marker in every sealed field the API writes;
// then every column of every table is searched for the markers: each
// column that holds one must be named by a read model's declaration
// (projections.Holding), which the residue check counts from. The person
// is then erased: the residue count is zero in every read model, and no
// column of any table holds their marker, while the matter's stay.
func TestEveryColumnHoldingSealedWordsIsDeclared(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	ctx := context.Background()
	dpo := a.dpo()
	person := created(t, a.call(http.MethodPost, "/api/v1/contacts", `{"kind":"person","details":{"given_name":"Zqxpersförnamn",
		"family_name":"Zqxpersson","emails":[{"address":"zqxpers@example.se"}],"addresses":[{"street":"Zqxpersgatan 1",
		"postal_code":"11122","city":"Zqxpersby"}]}}`))
	contactETag := a.call(http.MethodGet, "/api/v1/contacts/"+person, "").Header().Get("ETag")
	wantStatus(t, a.call(http.MethodPatch, "/api/v1/contacts/"+person, `{"details":{"family_name":"Zqxpersdotter"}}`,
		"If-Match", contactETag), http.StatusOK)
	created(t, a.call(http.MethodPost, "/api/v1/contacts", `{"kind":"organisation","details":{"name":"Zqxorg Handelsbolag"}}`))

	// The counterparty is probed by the conflict check and has a note on
	// the matter; the matter's own text is sealed with its key.
	party := a.createPerson("Zqxpartförnamn", "Zqxpartsson")
	m := a.openMatter("Zqxmatt tvist", a.me.ID, a.createPerson("Klara", "Klient"), nil, nil, nil)
	rec := a.call(http.MethodPost, "/api/v1/matters/"+m.ID+"/parties", fmt.Sprintf(`{"contact_id":%q,"role":"counterparty","note":"zqxpart har ombud"}`, party),
		"If-Match", web.VersionETag(m.Version))
	wantStatus(t, rec, http.StatusCreated)
	rec = a.call(http.MethodPost, "/api/v1/matters/"+m.ID+"/notes", `{"text":"Zqxmatt anteckning"}`, "If-Match", rec.Header().Get("ETag"))
	wantStatus(t, rec, http.StatusCreated)
	wantStatus(t, a.call(http.MethodPatch, "/api/v1/matters/"+m.ID, `{"title":"Zqxmatt tvist om hyra","description":"Zqxmatt bakgrund"}`,
		"If-Match", rec.Header().Get("ETag")), http.StatusOK)
	a.clearAndOpen(m.ID, "waived", "Zqxmatt skriftligt samtycke")

	// Work and the log: the person's own (sealed with their key) and the
	// matter's.
	created(t, a.call(http.MethodPost, "/api/v1/tasks", fmt.Sprintf(`{"title":"Zqxpers ring upp","description":"Zqxpers vill bli kontaktad",
		"assignee":{"staff":%q},"due":%q,"contact_id":%q}`, a.me.ID, date(3), person)))
	created(t, a.call(http.MethodPost, "/api/v1/tasks", fmt.Sprintf(`{"title":"Zqxmatt läs in","assignee":{"staff":%q},"due":%q,"matter_id":%q}`,
		a.me.ID, date(3), m.ID)))
	rec = a.call(http.MethodPost, "/api/v1/deadlines", fmt.Sprintf(`{"matter_id":%q,"kind":"filing","date":%q,"title":"Zqxmatt svaromål",
		"responsible":%q,"reminders":[1]}`, m.ID, date(20), a.me.ID))
	deadline := decode[casework.DeadlineJSON](t, rec)
	rec = a.call(http.MethodPatch, "/api/v1/deadlines/"+deadline.ID, `{"date":"`+date(21)+`","reason":"Zqxmatt anstånd"}`,
		"If-Match", web.VersionETag(deadline.Version))
	wantStatus(t, rec, http.StatusOK)
	wantStatus(t, a.call(http.MethodPost, "/api/v1/deadlines/"+deadline.ID+"/cancel", `{"reason":"Zqxmatt återkallad"}`,
		"If-Match", rec.Header().Get("ETag")), http.StatusOK)
	rec = a.call(http.MethodPost, "/api/v1/communications", fmt.Sprintf(`{"contact_ids":[%q],"kind":"phone_call",
		"occurred_at":"2026-03-02T09:00:00Z","subject_line":"Zqxpers ringde","body":"Zqxpers berättade"}`, person))
	entry := decode[casework.EntryJSON](t, rec)
	wantStatus(t, a.call(http.MethodPatch, "/api/v1/communications/"+entry.ID, `{"subject_line":"Zqxpers ringde igen"}`,
		"If-Match", web.VersionETag(entry.Version)), http.StatusOK)
	wantStatus(t, a.upload("/api/v1/documents", "Zqxpers intyg.pdf", pdf("intyg"), "communication_id", entry.ID), http.StatusCreated)
	created(t, a.call(http.MethodPost, "/api/v1/communications", fmt.Sprintf(`{"matter_id":%q,"kind":"note",
		"occurred_at":"2026-03-02T10:00:00Z","subject_line":"Zqxmatt möte"}`, m.ID)))

	// A wall before the person with a reason, and the register.
	erect(t, a.as(a.signIn(a.member(access.RoleAdmin).ID)), url.Values{"contact_id": {person},
		"users": {a.member(access.RoleLawyer).ID}, "reason": {"Zqxpers är motpart"}})
	base := "/api/v1/contacts/" + person
	wantStatus(t, a.call(http.MethodPost, base+"/lawful-bases", `{"basis":"contract","purpose":"client_relationship","note":"Zqxpers avtal"}`), http.StatusCreated)
	wantStatus(t, a.call(http.MethodPost, base+"/consents", `{"purpose":"marketing","scope":"Zqxpers nyhetsbrev","how":"form",
		"where":"Zqxpers mässa","evidence":"Zqxpers blankett"}`), http.StatusCreated)
	wantStatus(t, a.call(http.MethodPost, base+"/objection", `{"to":"processing","reason":"Zqxpers invänder"}`), http.StatusOK)
	wantStatus(t, dpo.call(http.MethodPost, base+"/restriction", `{"reason":"Zqxpers bestrider"}`), http.StatusOK)
	created(t, dpo.call(http.MethodPost, "/api/v1/subjects/"+person+"/requests",
		`{"right":"access","channel":"letter","requester_note":"Zqxpers vill veta","verified_how":"Zqxpers pass"}`))
	res, err := a.access.RegisterStaff.Handle(ctx, staffcmd.RegisterStaffMember{Actor: admin, StaffID: newID(),
		Details: access.StaffDetails{Name: "Zqxstaff Medarbetare", Email: "zqxstaff@byran.example"}, Roles: []access.Role{access.RoleLawyer}})
	must(t, err)
	a.awaitStaff(res.Position)
	a.caughtUp(t)

	declared := map[string]bool{}
	for _, holdings := range a.rt.Holdings() {
		for _, h := range holdings {
			if h.Table == "" {
				continue
			}
			for _, c := range h.Columns {
				declared[strings.Fields(h.Table)[0]+"."+c] = true
			}
		}
	}
	found := columnsHolding(t, a, "zqx")
	for _, col := range found {
		if !declared[col] {
			t.Errorf("%s holds words of a sealed field, and no read model declares it", col)
		}
	}
	for _, want := range []string{"contacts_v1.display_name", "matters_v1_parties.note", "matters_v1_checks.inputs",
		"walls_v1.reason", "staff_v1.name", "gdpr_requests_v1.verified_how", "communications_v2.subject", "documents_v1.name"} {
		if !slices.Contains(found, want) {
			t.Errorf("the markers are not in %s: the search did not see what the scenario wrote (%v)", want, found)
		}
	}
	residue, err := a.rt.Residue(ctx, person)
	must(t, err)
	for _, model := range []string{"contacts", "conflict_index", "communications", "documents", "work", "gdpr", "staff"} {
		if residue[model] == 0 {
			t.Errorf("before the erasure, %s holds no rows of the person: %v", model, residue)
		}
	}

	// Erased, nothing of the person is left in any column; the matter's
	// words and the counterparty's stay.
	req := decode[requestpages.RequestJSON](t, dpo.call(http.MethodPost, "/api/v1/subjects/"+person+"/requests",
		`{"right":"erasure","channel":"letter","verified_how":"BankID"}`))
	wantStatus(t, dpo.call(http.MethodPost, "/api/v1/requests/"+req.ID+"/erasure", ""), http.StatusOK)
	a.caughtUp(t)
	if residue, err = a.rt.Residue(ctx, person); err != nil || total(residue) != 0 {
		t.Errorf("after the erasure the residue is %v, %v", residue, err)
	}
	if left := columnsHolding(t, a, "zqxpers"); len(left) > 0 {
		t.Errorf("after the erasure the person's words are still in %v", left)
	}
	if left := columnsHolding(t, a, "zqxmatt"); !slices.Contains(left, "matters_v1.title") {
		t.Errorf("the matter's own words went with the person: %v", left)
	}
}

// columnsHolding lists every table.column of the database whose value,
// as text, contains marker (any case).
func columnsHolding(t *testing.T, a *app, marker string) []string {
	t.Helper()
	ctx := context.Background()
	rows, err := a.pool.Query(ctx, `SELECT c.table_name, c.column_name FROM information_schema.columns c
		JOIN information_schema.tables t USING (table_schema, table_name)
		WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE' ORDER BY 1, 2`)
	must(t, err)
	cols, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) ([2]string, error) {
		var c [2]string
		return c, r.Scan(&c[0], &c[1])
	})
	must(t, err)
	var out []string
	for _, c := range cols {
		var n int64
		sql := fmt.Sprintf(`SELECT count(*) FROM %s WHERE %s::text ILIKE '%%' || $1 || '%%'`,
			pgx.Identifier{c[0]}.Sanitize(), pgx.Identifier{c[1]}.Sanitize())
		must(t, a.pool.QueryRow(ctx, sql, marker).Scan(&n))
		if n > 0 {
			out = append(out, c[0]+"."+c[1])
		}
	}
	return out
}

// caughtUp waits until every read model has applied the whole log.
func (a *app) caughtUp(t *testing.T) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	envs, err := a.store.ReadAll(ctx, eventstore.Start, 100000)
	must(t, err)
	head := envs[len(envs)-1].Position
	for _, name := range a.rt.Projectors() {
		must(t, a.rt.WaitFor(ctx, name, head))
	}
}

func total(rows map[string]int64) (n int64) {
	for _, c := range rows {
		n += c
	}
	return n
}
