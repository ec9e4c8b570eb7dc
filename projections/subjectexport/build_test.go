package subjectexport_test

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/projections/subjectexport"
)

// secrets are other clients' privileged details and other people: none
// may reach Åsa's package, in either form.
var secrets = []string{"Berg mot Lindqvist", "Hemlig processtrategi", "2025-0002", "Pressa Lindqvist", "Strategi",
	"strategi-mot-lindqvist", "Förlikningsbud", "Kartlägg", "Inför kvarstad", "Motparten verkar pressad", bo, cilla, "s-2", "tvistemål"}

func build(t *testing.T) subjectexport.Package {
	t.Helper()
	pool, keys := newFixtureWithKeys(t)
	p, err := subjectexport.Build(context.Background(), pool, asa, subjectexport.Options{Keys: keys,
		Now: time.Date(2025, 6, 15, 12, 0, 0, 0, time.UTC), Controller: subjectexport.Controller{Name: "Advokatbyrån Exempel AB"},
		Recipients: []subjectexport.Recipient{{Name: "Driftbolaget AB", Role: "processor", Purpose: "Drift av byråns system"}}})
	must(t, err)
	return p
}

func TestBuildGathersEveryReadModel(t *testing.T) {
	t.Parallel()
	p := build(t)
	if p.Subject.Name != "Åsa Lindqvist" || p.Subject.Personnummer != "19800101-1234" || len(p.Subject.Emails) != 1 {
		t.Errorf("subject %+v", p.Subject)
	}
	if len(p.Matters) != 2 || len(p.Communications) != 3 || len(p.Documents) != 3 || len(p.Tasks) != 2 ||
		len(p.Register.Bases) != 1 || len(p.Register.Consents) != 1 || len(p.Register.Requests) != 1 || len(p.Accesses) != 2 ||
		len(p.Recipients) != 1 || len(p.Retention) != 9 {
		t.Fatalf("counts: %d matters, %d communications, %d documents, %d tasks, register %+v, %d accesses",
			len(p.Matters), len(p.Communications), len(p.Documents), len(p.Tasks), p.Register, len(p.Accesses))
	}
	if p.Register.Consents[0].WithdrawnAt.IsZero() || p.Register.Consents[0].Via != "link" {
		t.Errorf("consent history %+v", p.Register.Consents)
	}
}

// In her own matter Åsa sees everything; in Bo's, only that she is the
// counterparty, with the rest marked withheld on the privilege ground.
func TestBuildMarksWhatIsWithheld(t *testing.T) {
	t.Parallel()
	p := build(t)
	byID := map[string]subjectexport.Matter{}
	for _, m := range p.Matters {
		byID[m.MatterID] = m
	}
	own, other := byID[m1], byID[m2]
	if own.Title != "Arvskifte efter far" || own.PartyNote == "" || len(own.Notes) != 1 || own.Withheld != nil {
		t.Errorf("her matter %+v", own)
	}
	if other.Role != "counterparty" || other.Title != "" || other.Number != "" || other.AddedAt.IsZero() ||
		other.Withheld == nil || other.Withheld.Ground != subjectexport.GroundPrivilege {
		t.Errorf("the other client's matter %+v", other)
	}
	withheldBy := map[string]string{}
	for _, c := range p.Communications {
		if c.Withheld != nil {
			withheldBy[c.ID] = c.Withheld.Ground
		}
	}
	if withheldBy["k-2"] != subjectexport.GroundPrivilege || withheldBy["k-3"] != subjectexport.GroundOthers || withheldBy["k-1"] != "" {
		t.Errorf("communications withheld %v", withheldBy)
	}
	for _, tk := range p.Tasks {
		if (tk.ID == "t-2") != (tk.Withheld != nil) {
			t.Errorf("task %+v", tk)
		}
	}
	if p.Accesses[0].Withheld == nil || p.Accesses[0].Purpose != "Förbereda möte" {
		t.Errorf("access %+v", p.Accesses[0])
	}
}

func TestWritersKeepSecretsAndFetchNothing(t *testing.T) {
	t.Parallel()
	p := build(t)
	var js, page bytes.Buffer
	must(t, subjectexport.WriteJSON(&js, p, swedish))
	must(t, subjectexport.WriteHTML(&page, p, swedish))
	var back map[string]any
	must(t, json.Unmarshal(js.Bytes(), &back))
	if back["format"] != subjectexport.Format || !strings.Contains(js.String(), `"withheld"`) {
		t.Fatalf("JSON:\n%s", js.String())
	}
	for name, out := range map[string]string{"JSON": js.String(), "HTML": page.String()} {
		for _, s := range secrets {
			if strings.Contains(out, s) {
				t.Errorf("%s holds %q", name, s)
			}
		}
		if !strings.Contains(out, "Arvskifte efter far") || !strings.Contains(out, "Åsa vill sälja huset") {
			t.Errorf("%s lacks her own data", name)
		}
	}
	html := page.String()
	for _, bad := range []string{"http://", "https://", "src=", "<script", "<link", "url("} {
		if strings.Contains(html, bad) {
			t.Errorf("the page reaches out: %q", bad)
		}
	}
	for _, want := range []string{`lang="sv"`, "Undanhållet", "motpart", "Advokatens tystnadsplikt", "Driftbolaget AB", "personuppgiftsbiträde"} {
		if !strings.Contains(html, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
}

func TestBuildRefusesTheUnknownAndTheErased(t *testing.T) {
	t.Parallel()
	pool := newFixture(t)
	ctx := context.Background()
	_, err := pool.Exec(ctx, `INSERT INTO contacts_v1 (id, kind, erased, version, created_at, updated_at) VALUES ('c-gone', 'person', true, 2, now(), now())`)
	must(t, err)
	if _, err := subjectexport.Build(ctx, pool, "c-nobody", subjectexport.Options{}); !domain.IsKind(err, domain.KindNotFound) {
		t.Errorf("unknown subject: %v", err)
	}
	if _, err := subjectexport.Build(ctx, pool, "c-gone", subjectexport.Options{}); !domain.IsKind(err, domain.KindErased) {
		t.Errorf("erased subject: %v", err)
	}
}

// Art. 15.1 b: the person is told the categories of personal data
// concerned. A marking as a special category (art. 9) or as data on
// offences (art. 10) is such a category, with the ground it is processed
// under, so the package lists each marking of what it hands over — Åsa's
// addresses, the testament in her matter, the call about it — with what
// is marked, the categories, the grounds and when, in JSON and on the
// page. The strategy and the e-mail in Bo's matter are withheld
// (privilege), and their markings with them: a marking tells what the
// content holds.
func TestBuildListsTheSpecialCategoriesConcerned(t *testing.T) {
	t.Parallel()
	p := build(t)
	stockholm, err := time.LoadLocation("Europe/Stockholm")
	must(t, err)
	want := []subjectexport.SpecialMarking{
		{What: "addresses", ID: asa, Categories: []string{"health"}, Grounds: []string{"art9_2_h"}, MarkedAt: time.Date(2025, 2, 3, 10, 0, 0, 0, stockholm)},
		{What: "document", ID: "d-1", Categories: []string{"criminal"}, Grounds: []string{"art10"}, MarkedAt: time.Date(2025, 2, 4, 10, 0, 0, 0, stockholm)},
		{What: "communication", ID: "k-1", Categories: []string{"religious"}, Grounds: []string{"art9_2_f"}},
	}
	if len(p.SpecialCategories) != len(want) {
		t.Fatalf("the package lists %d markings, want %d: %+v", len(p.SpecialCategories), len(want), p.SpecialCategories)
	}
	for i, w := range want {
		g := p.SpecialCategories[i]
		if g.What != w.What || g.ID != w.ID || strings.Join(g.Categories, ",") != strings.Join(w.Categories, ",") ||
			strings.Join(g.Grounds, ",") != strings.Join(w.Grounds, ",") || !g.MarkedAt.Equal(w.MarkedAt) {
			t.Errorf("marking %d = %+v, want %+v", i, g, w)
		}
	}

	var js, page bytes.Buffer
	must(t, subjectexport.WriteJSON(&js, p, swedish))
	must(t, subjectexport.WriteHTML(&page, p, swedish))
	var back struct {
		Special []map[string]any `json:"special_categories"`
	}
	must(t, json.Unmarshal(js.Bytes(), &back))
	if len(back.Special) != 3 || back.Special[0]["what"] != "addresses" || back.Special[0]["marked_at"] == nil ||
		back.Special[1]["id"] != "d-1" || back.Special[2]["marked_at"] != nil {
		t.Errorf("the JSON's special_categories: %v", back.Special)
	}
	html := page.String()
	for _, w := range []string{"Känsliga personuppgifter (art. 9 och 10)", "dina adresser", "hälsa",
		"art. 9.2 h – hälso- och sjukvård, social omsorg", "2025-02-03", "dokument: testamente.pdf", "lagöverträdelser (art. 10)",
		"art. 10 – enligt dataskyddslagen 3 kap.", "kommunikation: telefonsamtal 2025-02-01", "religiös eller filosofisk övertygelse"} {
		if !strings.Contains(html, w) {
			t.Errorf("the page lacks %q", w)
		}
	}
	section := html[strings.Index(html, "<h2>Känsliga"):strings.Index(html, "<h2>Ärenden")]
	if strings.Count(section, "<tr>") != 4 {
		t.Errorf("the page lists other markings than the three:\n%s", section)
	}
}
