package http_test

import (
	"net/http"
	"regexp"
	"testing"

	"github.com/klient-crm/klient/domain/access"
)

// TestContactPagesOfferOnlyWhatTheRoleMay: a new member of staff follows
// every button on the contact list and a contact's page; none may lead to
// "Åtkomst nekad". Marketing (view, search, export: the README's role
// table) was offered new contacts, likely duplicates, editing and
// archiving; the assistant and the DPO, who may not archive, the archive
// button; the DPO, who may not register contacts, the new-contact buttons.
// Every link and form on those pages is followed, and the lawyer, who may
// do all of it, still finds each one.
func TestContactPagesOfferOnlyWhatTheRoleMay(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	id := a.createPerson("Nina", "Nyanställd")
	actions := regexp.MustCompile(`(?:href|action)="(/contacts[^"?#]*)(?:\?[^"]*)?"`)
	for _, role := range []access.Role{access.RoleMarketing, access.RoleAssistant, access.RoleDPO, access.RoleLawyer} {
		as := a.as(a.signIn(a.member(role).ID))
		seen := map[string]bool{}
		for _, page := range []string{"/contacts", "/contacts/" + id} {
			body := as.get(page).Body.String()
			for _, m := range actions.FindAllStringSubmatch(body, -1) {
				seen[m[1]] = true
				if m[1] == "/contacts/search" || m[1] == "/contacts/export" {
					continue // the list's own forms, posted with what was typed or ticked
				}
				var rec = as.get(m[1])
				if regexp.MustCompile(`method="post" action="` + regexp.QuoteMeta(m[1]) + `"`).MatchString(body) {
					rec = as.post(m[1], nil)
				}
				if rec.Code == http.StatusForbidden {
					t.Errorf("%s on %s is offered %s, which answers 403", role, page, m[1])
				}
			}
		}
		if role == access.RoleLawyer {
			for _, want := range []string{"/contacts/new", "/contacts/duplicates", "/contacts/" + id + "/edit", "/contacts/" + id + "/archive"} {
				if !seen[want] {
					t.Errorf("the lawyer, who may, is not offered %s", want)
				}
			}
		}
	}
}
