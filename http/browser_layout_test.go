package http_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/http/i18n"
)

// The widths the issue measures at: a phone (iPhone 12–15, 390 px) and a
// laptop (1366 px).
const (
	phoneWidth, phoneHeight     = 390, 844
	desktopWidth, desktopHeight = 1366, 900
)

// rolePages are the pages one role lives in: its start page first (where
// "/" sends it), then its main lists and forms.
type rolePages struct {
	role  access.Role
	pages []string
}

// TestBrowserPagesForEveryRole signs in as each role of the README's role
// table and walks its start page, main lists and main forms in Chromium
// (issue 12, items 3 and 4):
//
//   - at 390 px nothing is wider than the window or cut off (tables are
//     cards, charts scale, nothing scrolls sideways), the header is one bar
//     with a folded menu that opens without script, and a screenshot of every
//     page is saved under the test's temporary directory ($KLIENT_SCREENSHOTS
//     too, when set);
//   - at 1366 px the header's menu is one line, in Swedish and in English;
//   - axe-core finds no serious or critical WCAG 2.2 AA violation on any of
//     these pages at either width.
func TestBrowserPagesForEveryRole(t *testing.T) {
	t.Parallel()
	f := newLayoutFirm(t)
	for _, rp := range f.roles {
		t.Run(string(rp.role), func(t *testing.T) {
			who := f.members[rp.role]
			ctx := browserFor(t, 4*time.Minute)
			shots := t.TempDir()
			signInAs(t, ctx, f.base, who.Email)
			start := read(t, ctx, "the start page", chromedp.Location())
			if want := f.base + rp.pages[0]; start != want {
				t.Errorf("signed in, the %s landed on %s, want %s", rp.role, start, want)
			}
			for i, page := range rp.pages {
				name := fmt.Sprintf("%s-%d-%s", rp.role, i, strings.NewReplacer("/", "_", "?", "_", "=", "_").Replace(page))
				step(t, ctx, "open "+page+" at 390 px", chromedp.EmulateViewport(phoneWidth, phoneHeight, chromedp.EmulateMobile, chromedp.EmulateTouch),
					chromedp.Navigate(f.base+page), chromedp.WaitVisible(chromedp.CSS(`main h1`)))
				saveScreenshot(t, ctx, shots, name+"-390")
				if problems := read(t, ctx, "the layout of "+page, chromedp.Evaluate[[]string](layoutProblemsJS)); len(problems) > 0 {
					t.Errorf("%s at 390 px:\n  %s", page, strings.Join(problems, "\n  "))
				}
				if v := axeViolations(t, ctx); len(v) > 0 {
					t.Errorf("axe-core on %s at 390 px:\n  %s", page, strings.Join(v, "\n  "))
				}
				if i == 0 {
					f.phoneMenu(t, ctx, page, shots, name+"-390-menu")
				}
				step(t, ctx, "open "+page+" at 1366 px", chromedp.EmulateViewport(desktopWidth, desktopHeight),
					chromedp.Navigate(f.base+page), chromedp.WaitVisible(chromedp.CSS(`main h1`)))
				saveScreenshot(t, ctx, shots, name+"-1366")
				if v := axeViolations(t, ctx); len(v) > 0 {
					t.Errorf("axe-core on %s at 1366 px:\n  %s", page, strings.Join(v, "\n  "))
				}
				if i == 0 {
					oneLineHeader(t, ctx, "Swedish")
					step(t, ctx, "switch to English",
						chromedp.Click(chromedp.CSS(`.langswitch button[value="en"]`)),
						chromedp.WaitVisible(chromedp.CSS(`.langswitch button[value="en"][aria-current="true"]`)))
					oneLineHeader(t, ctx, "English")
					step(t, ctx, "switch back to Swedish",
						chromedp.Click(chromedp.CSS(`.langswitch button[value="sv"]`)),
						chromedp.WaitVisible(chromedp.CSS(`.langswitch button[value="sv"][aria-current="true"]`)))
				}
			}
		})
	}
}

// phoneMenu checks the header at 390 px: one bar no taller than the brand
// and the menu button (the phone lost a quarter of the screen to
// it), the menu folded away, and opening it shows every link of the member's
// menu, the current page marked, without script.
func (f *layoutFirm) phoneMenu(t *testing.T, ctx context.Context, page, shots, name string) {
	t.Helper()
	if h := read(t, ctx, "the header's height", chromedp.Evaluate[float64](`document.querySelector('.topbar').getBoundingClientRect().height`)); h > 64 {
		t.Errorf("at 390 px the header of %s is %.0f px high, want one bar (at most 64 px)", page, h)
	}
	if shown := read(t, ctx, "the folded menu", chromedp.Evaluate[bool](`document.querySelector('.mainnav a').checkVisibility()`)); shown {
		t.Errorf("at 390 px the menu of %s shows its links before it is opened", page)
	}
	step(t, ctx, "open the menu", chromedp.Click(chromedp.CSS(`.menu > summary`)), chromedp.WaitVisible(chromedp.CSS(`.mainnav a`)))
	saveScreenshot(t, ctx, shots, name)
	links := read(t, ctx, "the open menu", chromedp.Evaluate[[]string](`[...document.querySelectorAll('.mainnav a')].filter(a => a.checkVisibility()).map(a => a.getAttribute('href') + (a.getAttribute('aria-current') ? ' (current)' : ''))`))
	if len(links) == 0 || !strings.Contains(strings.Join(links, " "), page+" (current)") {
		t.Errorf("the open menu on %s: %v, want the member's links with this page current", page, links)
	}
	if problems := read(t, ctx, "the layout with the menu open", chromedp.Evaluate[[]string](layoutProblemsJS)); len(problems) > 0 {
		t.Errorf("%s at 390 px with the menu open:\n  %s", page, strings.Join(problems, "\n  "))
	}
	if v := axeViolations(t, ctx); len(v) > 0 {
		t.Errorf("axe-core on %s at 390 px with the menu open:\n  %s", page, strings.Join(v, "\n  "))
	}
}

// oneLineHeader wants the desktop header on one line: every menu link, the
// member's name and the language switch at the height of the first link, and
// the bar no taller than one link and its padding.
func oneLineHeader(t *testing.T, ctx context.Context, lang string) {
	t.Helper()
	got := read(t, ctx, "the header's lines", chromedp.Evaluate[map[string]float64](`(() => {
	  const tops = [...document.querySelectorAll('.mainnav a, .signout, .langswitch')].map(e => { const r = e.getBoundingClientRect(); return r.top + r.height / 2; });
	  const link = document.querySelector('.mainnav a').getBoundingClientRect().height;
	  return {middles: Math.max(...tops) - Math.min(...tops), bar: document.querySelector('.topbar').getBoundingClientRect().height, link};
	})()`))
	if got["middles"] > 4 || got["bar"] > got["link"]*1.5 {
		t.Errorf("at 1366 px in %s the header is %.0f px high for %.0f px links, its items' middles %.0f px apart: want one line",
			lang, got["bar"], got["link"], got["middles"])
	}
	// The menu stands open at this width though its <details> is closed: its
	// links take the keyboard's focus (content a closed <details> hides
	// takes none, and is hidden from screen readers too), and the Meny
	// button is gone.
	if open := read(t, ctx, "the open menu", chromedp.Evaluate[bool](`(() => {
	  const a = document.querySelector('.mainnav a'); a.focus();
	  return document.activeElement === a && !document.querySelector('.menu > summary').checkVisibility();
	})()`)); !open {
		t.Errorf("at 1366 px in %s the menu's links take no focus, or its button shows", lang)
	}
}

// layoutFirm is a firm with a little of everything every role's pages
// list, named at length as real clients and matters are.
type layoutFirm struct {
	base    string
	members map[access.Role]member
	roles   []rolePages
}

func newLayoutFirm(t *testing.T) *layoutFirm {
	t.Helper()
	a := newApp(t)
	body := `{"kind":"person","details":{"given_name":"Maximiliana Wilhelmina","family_name":"Östergren-Åkerlund",` +
		`"emails":[{"address":"maximiliana.wilhelmina.ostergren-akerlund@advokatbyran-exempel.example"}],"phones":[{"number":"+46701234567"}]}}`
	rec := a.call(http.MethodPost, "/api/v1/contacts", body)
	wantStatus(t, rec, http.StatusCreated)
	client := decode[struct{ ID string }](t, rec).ID
	counterparty := a.createPerson("Bo", "Berglund")
	m := a.openMatter("Tvist om hyresavtal för butikslokal på Drottninggatan 101 i Stockholm", a.me.ID, client,
		[]string{"counterparty:" + counterparty}, nil, nil)
	for _, due := range []int{-2, 3} {
		wantStatus(t, a.call(http.MethodPost, "/api/v1/tasks", fmt.Sprintf(`{"title":"Skicka uppdragsbekräftelse och fullmakt till klienten","assignee":{"staff":%q},"due":%q,"matter_id":%q}`,
			a.me.ID, date(due), m.ID)), http.StatusCreated)
	}
	a.setDeadlineIn(m.ID, a.me.ID, 5)
	a.logComm(m.ID, "email", time.Now().Add(-time.Hour))
	request := a.requestsOfficer().registerRequest(client, "access", date(-3), "BankID")
	affected := "/registers/affected?" + url.Values{"from": {time.Now().Add(-time.Hour).In(i18n.Stockholm).Format("2006-01-02T15:04")}}.Encode()
	breach := "/registers/breaches/" + a.requestsOfficer().recordBreach("INC-2026-001", time.Now().Add(-80*time.Hour).Truncate(time.Second)).ID
	processor := a.processorWithAgreement()
	certificate := newID()
	wantStatus(t, a.upload("/matters/"+m.ID+"/documents", "läkarintyg_från_vårdcentralen_Drottninggatan_2026-11-30.pdf", pdf("Intyg"),
		"document_id", certificate), http.StatusSeeOther)
	wantStatus(t, a.call(http.MethodPut, "/api/v1/documents/"+certificate+"/special-category",
		`{"categories":["health"],"grounds":["art9_2_f"]}`), http.StatusOK)
	f := &layoutFirm{base: serve(t, a.handler), members: map[access.Role]member{access.RoleLawyer: a.me}}
	for _, r := range []access.Role{access.RoleAdmin, access.RoleAssistant, access.RoleMarketing, access.RoleAuditor, access.RoleAnalyst, access.RoleDPO} {
		f.members[r] = a.member(r)
	}
	a.wallMatter(m.ID, f.members[access.RoleMarketing].ID)
	matter := "/matters/" + m.ID
	webhook := a.webhookWithDeliveries(f.members[access.RoleAdmin].ID)
	f.roles = []rolePages{
		{access.RoleLawyer, []string{"/work", "/matters", matter, matter + "/tasks", matter + "/deadlines", matter + "/communications",
			matter + "/history", matter + "/letter", matter + "/documents", "/documents/" + certificate + "/special-category", "/matters/new", "/contacts", "/contacts/" + client, "/contacts/new?kind=person", "/contacts/import", "/reports", "/account"}},
		{access.RoleAssistant, []string{"/work", "/matters"}},
		{access.RoleAdmin, []string{"/admin/staff", "/contacts", "/admin/staff/new", "/admin/walls", "/admin/tokens", "/admin/templates",
			"/admin/templates/" + url.PathEscape("processrätt"), "/admin/letters", "/admin/letters/new", "/admin/access-log", "/admin/webhooks", webhook}},
		{access.RoleMarketing, []string{"/contacts", "/campaigns"}},
		{access.RoleAuditor, []string{"/audit", "/audit" + matter, "/admin/access-log", "/registers", breach, "/registers/processing", "/registers/processors", processor}},
		{access.RoleAnalyst, []string{"/reports"}},
		{access.RoleDPO, []string{"/gdpr", "/gdpr/requests", "/gdpr/requests/" + request, "/gdpr/requests/new", "/gdpr/deletion-log", "/reports",
			"/registers", breach, breach + "/notification", "/registers/breaches/new", "/registers/processing", "/registers/processors", "/registers/processors/new", processor, affected, strings.Replace(affected, "?", "/letters?", 1)}},
	}
	return f
}
