package subjectexport_test

import (
	"bytes"
	"encoding/json"
	htmlpkg "html"
	"strings"
	"testing"

	"github.com/klient-crm/klient/http/i18n"
	"github.com/klient-crm/klient/projections/subjectexport"
)

// The two languages the package is written in, from the one catalogue.
var (
	swedish = subjectexport.Words{Lang: "sv", Say: i18n.Sayer(i18n.Swedish)}
	english = subjectexport.Words{Lang: "en", Say: i18n.Sayer(i18n.English)}
)

// pageLabels are the catalogue's keys of the page's headings and column
// labels: each is written between tags (">label<").
func pageLabels() []string {
	var keys []string
	for _, k := range i18n.Keys() {
		if strings.HasPrefix(k, "pkg.page.h.") || strings.HasPrefix(k, "pkg.page.th.") {
			keys = append(keys, k)
		}
	}
	return keys
}

// TestThePageInEnglish: asked in English, the page's headings, labels,
// code names and grounds are the catalogue's English, and no Swedish
// heading or label is left.
func TestThePageInEnglish(t *testing.T) {
	t.Parallel()
	p := build(t)
	var page, js bytes.Buffer
	must(t, subjectexport.WriteHTML(&page, p, english))
	must(t, subjectexport.WriteJSON(&js, p, english))
	html := page.String()

	want := []string{`lang="en"`, i18n.T(i18n.English, "pkg.page.heading"),
		">" + i18n.T(i18n.English, "pkg.page.h.subject") + "<", ">" + i18n.T(i18n.English, "pkg.page.h.matters") + "<",
		">" + i18n.T(i18n.English, "pkg.page.h.retention") + "<", ">" + i18n.T(i18n.English, "pkg.page.th.your_role") + "<",
		i18n.T(i18n.English, "pkg.role.counterparty"), i18n.T(i18n.English, "pkg.role_of_recipient.processor"),
		i18n.T(i18n.English, "pkg.ground.privilege"), i18n.T(i18n.English, "pkg.field.title"), "Withheld: ",
		i18n.T(i18n.English, "pkg.special_what.communication") + ": " + i18n.T(i18n.English, "pkg.kind.phone_call") + " 2025-02-01",
		i18n.T(i18n.English, "pkg.special_ground.art9_2_h"), i18n.T(i18n.English, "pkg.special_category.health")}
	for _, w := range want {
		if !strings.Contains(html, htmlpkg.EscapeString(w)) && !strings.Contains(html, w) {
			t.Errorf("the English page lacks %q", w)
		}
	}
	for _, k := range pageLabels() {
		sv, en := i18n.T(i18n.Swedish, k), i18n.T(i18n.English, k)
		if sv != en && strings.Contains(html, ">"+sv+"<") {
			t.Errorf("the English page still has the Swedish %s %q", k, sv)
		}
	}
	for _, sv := range []string{i18n.T(i18n.Swedish, "pkg.page.heading"), i18n.T(i18n.Swedish, "pkg.ground.privilege"),
		"Undanhållet", i18n.T(i18n.Swedish, "pkg.role.counterparty")} {
		if strings.Contains(html, sv) {
			t.Errorf("the English page still has the Swedish %q", sv)
		}
	}
	// An unknown key comes back as itself: a typo shows as "pkg.…".
	if i := strings.Index(html, "pkg."); i >= 0 {
		t.Errorf("the English page names a key the catalogue lacks: %.60q", html[i:])
	}
	for _, s := range secrets {
		if strings.Contains(html, s) || strings.Contains(js.String(), s) {
			t.Errorf("the English package holds %q", s)
		}
	}

	// The JSON keeps its keys and codes; lang names the language of its
	// texts, the grounds.
	var back struct {
		Lang    string `json:"lang"`
		Matters []struct {
			Role     string                   `json:"role"`
			Withheld *struct{ Ground string } `json:"withheld"`
		} `json:"matters"`
	}
	must(t, json.Unmarshal(js.Bytes(), &back))
	grounds := map[string]bool{}
	roles := map[string]bool{}
	for _, m := range back.Matters {
		roles[m.Role] = true
		if m.Withheld != nil {
			grounds[m.Withheld.Ground] = true
		}
	}
	if back.Lang != "en" || !roles["counterparty"] || !grounds[i18n.T(i18n.English, "pkg.ground.privilege")] {
		t.Errorf("the English JSON: lang %q, roles %v, grounds %v", back.Lang, roles, grounds)
	}
}

// TestThePageInSwedish: the default page has the catalogue's Swedish
// headings and labels, every one of the sections, and the JSON says sv.
func TestThePageInSwedish(t *testing.T) {
	t.Parallel()
	p := build(t)
	var page, js bytes.Buffer
	must(t, subjectexport.WriteHTML(&page, p, swedish))
	must(t, subjectexport.WriteJSON(&js, p, swedish))
	html := page.String()
	for _, k := range []string{"pkg.page.h.subject", "pkg.page.h.special", "pkg.page.h.matters", "pkg.page.h.communications",
		"pkg.page.h.held_mail", "pkg.page.h.documents", "pkg.page.h.tasks", "pkg.page.h.cdd", "pkg.page.h.register",
		"pkg.page.h.requests", "pkg.page.h.accesses", "pkg.page.h.recipients", "pkg.page.h.retention"} {
		if !strings.Contains(html, "<h2>"+i18n.T(i18n.Swedish, k)+"</h2>") {
			t.Errorf("the Swedish page lacks the heading %s", k)
		}
	}
	for _, w := range []string{"Registerutdrag: dina personuppgifter hos Advokatbyrån Exempel AB", "Dina uppgifter", "Ärenden där du är part",
		"Hur länge uppgifterna sparas", "Undanhållet: ", "Skäl: Advokatens tystnadsplikt"} {
		if !strings.Contains(html, w) {
			t.Errorf("the Swedish page lacks %q", w)
		}
	}
	if i := strings.Index(html, "pkg."); i >= 0 {
		t.Errorf("the Swedish page names a key the catalogue lacks: %.60q", html[i:])
	}
	if !strings.Contains(js.String(), `"lang": "sv"`) || !strings.Contains(js.String(), "Advokatens tystnadsplikt") {
		t.Errorf("the Swedish JSON lacks its lang or its Swedish ground:\n%.400s", js.String())
	}
}
