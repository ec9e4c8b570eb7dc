package http_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"

	"github.com/klient-crm/klient/domain/access"
	conflictpages "github.com/klient-crm/klient/http/casework/conflicts"
	contactpages "github.com/klient-crm/klient/http/contacts"
)

// lateralList is a lawyer's list of former clients and matters as a
// Swedish Excel saves it: Windows-1252, semicolons, CRLF.
func lateralList(t testing.TB, rows ...string) []byte {
	t.Helper()
	text := "Namn;Personnummer;E-post;Roll;Ärende\r\n" + strings.Join(rows, "\r\n") + "\r\n"
	b, err := charmap.Windows1252.NewEncoder().Bytes([]byte(text))
	must(t, err)
	return b
}

// Issue 14: "Lateral hire: an administrator checks a newly hired lawyer's
// list of former clients and matters (CSV) against every matter and
// client; the result is a conflict report like a matter's, kept with the
// staff member." The list names Anna Lindqvist by her personnummer (ten
// digits, as lists write it): the check finds her matter, where she is the
// client; a misspelt name with her e-mail address finds her too; a
// stranger finds nothing. A finding on a matter the administrator may not
// see says only that a conflict exists. The check is kept (listed again
// later, its list sealed: no name of it is readable in the log), and a
// list with a wrong personnummer, or a file that is no list, is refused
// naming the row, with nothing written. A lawyer may not check lists.
func TestLateralHireIsCheckedAgainstEveryMatterAndClient(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	rec := a.call(http.MethodPost, "/api/v1/contacts", annaJSON)
	wantStatus(t, rec, http.StatusCreated)
	anna := decode[contactpages.ContactJSON](t, rec).ID
	boss := a.member(access.RoleAdmin, access.RoleLawyer)
	seen := a.openMatter("Lindqvists bodelning", a.me.ID, anna, nil, []string{boss.ID}, nil)
	hidden := a.openMatter("Lindqvists arvskifte", a.me.ID, anna, nil, nil, nil)
	hire := a.member(access.RoleLawyer)
	admin := a.as(a.signIn(boss.ID))
	path := "/api/v1/staff/" + hire.ID + "/lateral-hire-checks"

	before := a.events()
	bad := lateralList(t, "Örjan Öst;;orjan@example.se;Klient;Tvist 2023", "Anna Lindqvist;811218-9875;;Klient;Bodelning 2024")
	p := wantProblem(t, admin.call(http.MethodPost, path+"?file_name=tidigare.csv", string(bad), "Content-Type", "text/csv"), http.StatusUnprocessableEntity)
	if len(p.Errors) != 1 || p.Errors[0].Code != "lateral.row.number" || !strings.Contains(p.Errors[0].Message, "Rad 3") {
		t.Errorf("a wrong personnummer: %+v", p)
	}
	p = wantProblem(t, admin.call(http.MethodPost, path, "PK\x03\x04\x00\x00binary", "Content-Type", "text/csv"), http.StatusUnprocessableEntity)
	if p.Code != "lateral.file.format" && (len(p.Errors) == 0 || p.Errors[0].Code != "lateral.file.format") {
		t.Errorf("a file that is no list: %+v", p)
	}
	list := lateralList(t, "Anna Lindqvist;811218-9876;;Klient;Bodelning 2024", "Örjan Öst;;orjan@example.se;Motpart;Tvist 2023",
		"Ana Lindkvist;;anna@example.se;Motpart;Hyrestvist 2022")
	wantStatus(t, a.call(http.MethodPost, path, string(list), "Content-Type", "text/csv"), http.StatusForbidden)
	if a.events() != before {
		t.Fatalf("refused checks wrote %d events", a.events()-before)
	}

	rec = admin.call(http.MethodPost, path+"?file_name=tidigare.csv", string(list), "Content-Type", "text/csv")
	wantStatus(t, rec, http.StatusCreated)
	check := decode[conflictpages.LateralCheckJSON](t, rec)
	if check.StaffID != hire.ID || check.FileName != "tidigare.csv" || len(check.Rows) != 3 || check.Rows[1].Name != "Örjan Öst" {
		t.Fatalf("the check: %s", rec.Body)
	}
	finds := func(row conflictpages.LateralEntryJSON, kind string) (visible, concealed bool) {
		for _, h := range row.Hits {
			visible = visible || h.Visible && h.MatterID == seen.ID && h.ContactID == anna && string(h.Kind) == kind
			concealed = concealed || !h.Visible && h.MatterID == "" && h.ContactID == "" && string(h.Kind) == kind
		}
		return visible, concealed
	}
	if v, c := finds(check.Rows[0], "number"); !v || !c {
		t.Errorf("Anna by her personnummer: on her matter %v, on the hidden one %v: %+v", v, c, check.Rows[0].Hits)
	}
	if v, _ := finds(check.Rows[2], "email"); !v {
		t.Errorf("a misspelt name with Anna's e-mail address: %+v", check.Rows[2].Hits)
	}
	if len(check.Rows[1].Hits) != 0 {
		t.Errorf("a stranger's findings: %+v", check.Rows[1].Hits)
	}
	wantAbsent(t, rec.Body.String(), hidden.ID, hidden.Number)

	kept := decode[conflictpages.LateralChecksJSON](t, admin.call(http.MethodGet, path, ""))
	if len(kept.Items) != 1 || kept.Items[0].ID != check.ID || len(kept.Items[0].Rows) != 3 {
		t.Errorf("the checks kept with the staff member: %+v", kept)
	}
	wantStatus(t, admin.call(http.MethodGet, "/api/v1/staff/"+newID()+"/lateral-hire-checks", ""), http.StatusNotFound)
	var plain int
	must(t, a.pool.QueryRow(context.Background(), `SELECT count(*) FROM events WHERE position(convert_to('Örjan', 'UTF8') IN data) > 0
		OR position(convert_to('tidigare.csv', 'UTF8') IN data) > 0`).Scan(&plain))
	if plain != 0 {
		t.Errorf("%d events hold the list in plain text", plain)
	}

	// The page: the same report, and the check listed with the member.
	page := admin.get("/staff/" + hire.ID + "/lateral-hire/" + check.ID)
	wantStatus(t, page, http.StatusOK)
	wantContains(t, page.Body.String(), "Jävskontroll vid rekrytering", "Örjan Öst", "Bodelning 2024",
		`href="/matters/`+seen.ID+`"`, "Jäv föreligger mot ett ärende du inte har behörighet till", fmt.Sprintf("3 rader kontrollerades. Träffar: %d.", check.Hits))
	wantStatus(t, admin.get("/staff/"+hire.ID+"/lateral-hire/"+newID()), http.StatusNotFound)
}
