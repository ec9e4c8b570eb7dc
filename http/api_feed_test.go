package http_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/klient-crm/klient/domain/access"
	integrationpages "github.com/klient-crm/klient/http/integrations"
)

// feedPage reads one page of the feed with token after cursor.
func (a *app) feedPage(t *testing.T, token []string, query string) integrationpages.FeedPageJSON {
	t.Helper()
	rec := a.as("").call(http.MethodGet, "/api/v1/feed"+query, "", token...)
	wantStatus(t, rec, http.StatusOK)
	return decode[integrationpages.FeedPageJSON](t, rec)
}

func feedKinds(p integrationpages.FeedPageJSON, matterID string) []string {
	var out []string
	for _, e := range p.Items {
		if matterID == "" || e.MatterID == matterID {
			out = append(out, e.Kind)
		}
	}
	return out
}

// TestFeedTellsAnIntegrationWhatHappened (issue 18, the pull feed): a
// token with feed:read reads what happened in log order — the client
// registered, the matter taken in with its parties and opened — with IDs,
// kinds and times, never a name or the matter's title; without the scope
// it is a 403 naming feed:read; a colleague outside the matter and a
// member walled from it get none of the matter's entries; the cursor
// walks the feed a page at a time and stays put at its end.
func TestFeedTellsAnIntegrationWhatHappened(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	client := a.createPerson("Klara", "Klientsson")
	owner, _ := a.lawyer()
	m := a.openMatter("Tvist om Klientssons arv", owner.ID, client, nil, nil, nil)
	a.clearAndOpen(m.ID, "clear", "")
	a.caughtUp(t)

	feed := a.scopedToken(owner.ID, []access.Role{access.RoleLawyer}, access.ScopeFeedRead)
	page := a.feedPage(t, feed, "")
	body := a.as("").call(http.MethodGet, "/api/v1/feed", "", feed...).Body.String()
	for _, secret := range []string{"Klara", "Klientsson", "Tvist", "arv"} {
		if strings.Contains(body, secret) {
			t.Errorf("the feed carries %q: %s", secret, body)
		}
	}
	if got := strings.Join(feedKinds(page, m.ID), " "); got != "matter.registered party.added matter.opened" {
		t.Errorf("the matter's entries: %q; want matter.registered party.added matter.opened", got)
	}
	var registered bool
	for _, e := range page.Items {
		registered = registered || e.Kind == "contact.registered" && len(e.ContactIDs) == 1 && e.ContactIDs[0] == client
		if e.ID == "" || e.At.IsZero() || e.Cursor == "" {
			t.Errorf("entry %+v lacks its ID, time or cursor", e)
		}
	}
	if !registered {
		t.Errorf("no contact.registered of the client in %v", feedKinds(page, ""))
	}

	// The scope decides, then the roles.
	contactsOnly := a.scopedToken(owner.ID, []access.Role{access.RoleLawyer}, access.ScopeContactsRead)
	p := wantProblem(t, a.as("").call(http.MethodGet, "/api/v1/feed", "", contactsOnly...), http.StatusForbidden)
	if p.Code != "auth.token_scope" || !strings.Contains(p.Detail, "feed:read") {
		t.Errorf("the feed with a contacts token: %+v; want auth.token_scope naming feed:read", p)
	}

	// Need-to-know: a colleague outside the matter, and the owner once
	// walled from it, read none of it.
	other, _ := a.lawyer()
	otherFeed := a.scopedToken(other.ID, []access.Role{access.RoleLawyer}, access.ScopeFeedRead)
	if got := feedKinds(a.feedPage(t, otherFeed, ""), m.ID); len(got) != 0 {
		t.Errorf("a lawyer outside the matter reads its %v", got)
	}
	// Pages of one meet every entry once, in the order of one read; at
	// the end next stays where it was.
	var walked []string
	cursor := ""
	for range 50 {
		pg := a.feedPage(t, feed, "?limit=1"+cursor)
		if len(pg.Items) == 0 {
			if "?limit=1&after="+pg.Next != "?limit=1"+cursor {
				t.Errorf("an empty page moved the cursor from %q to %q", cursor, pg.Next)
			}
			break
		}
		walked = append(walked, pg.Items[0].ID)
		cursor = "&after=" + pg.Next
	}
	if len(walked) != len(page.Items) {
		t.Fatalf("pages of one met %d entries; one page holds %d", len(walked), len(page.Items))
	}
	for i, e := range page.Items {
		if walked[i] != e.ID {
			t.Errorf("page %d holds %s, want %s", i, walked[i], e.ID)
		}
	}
	wantProblem(t, a.as("").call(http.MethodGet, "/api/v1/feed?after=bm90LWEtY3Vyc29y", "", feed...), http.StatusBadRequest)
	wantProblem(t, a.as("").call(http.MethodGet, "/api/v1/feed?limit=0", "", feed...), http.StatusBadRequest)

	a.wallMatter(m.ID, owner.ID)
	a.caughtUp(t)
	if got := feedKinds(a.feedPage(t, feed, ""), m.ID); len(got) != 0 {
		t.Errorf("walled from the matter, its lawyer's token reads %v", got)
	}
}
