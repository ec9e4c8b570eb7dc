package web

import (
	"net/http"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/http/i18n"
)

// APIScopes is the one table of which scope each API route needs of a
// token, "METHOD /pattern" as the route is registered. A token acts only
// where both its scopes and its roles allow: the scope says what the
// integration is for, the roles (and its member's walls and teams) what
// it may see. TestEveryAPIRouteHasAScope fails on an API route missing
// here and on an entry no route has; a route missing here would refuse
// every token.
var APIScopes = map[string]access.Scope{
	"GET /api/v1/contacts":                               access.ScopeContactsRead,
	"POST /api/v1/contacts/search":                       access.ScopeContactsRead,
	"GET /api/v1/contacts/{id}":                          access.ScopeContactsRead,
	"POST /api/v1/contacts":                              access.ScopeContactsWrite,
	"PATCH /api/v1/contacts/{id}":                        access.ScopeContactsWrite,
	"GET /api/v1/matters":                                access.ScopeMattersRead,
	"GET /api/v1/matters/{id}":                           access.ScopeMattersRead,
	"GET /api/v1/matters/{id}/parties":                   access.ScopeMattersRead,
	"POST /api/v1/matters":                               access.ScopeMattersWrite,
	"PATCH /api/v1/matters/{id}":                         access.ScopeMattersWrite,
	"POST /api/v1/matters/{id}/parties":                  access.ScopeMattersWrite,
	"POST /api/v1/matters/{id}/conflict-checks":          access.ScopeMattersWrite,
	"POST /api/v1/matters/{id}/conflict-checks/decision": access.ScopeMattersWrite,
	"POST /api/v1/matters/{id}/activate":                 access.ScopeMattersWrite,
	"POST /api/v1/matters/{id}/archive":                  access.ScopeMattersWrite,
	"POST /api/v1/matters/{id}/notes":                    access.ScopeMattersWrite,
	"GET /api/v1/communications":                         access.ScopeCommunicationsRead,
	"POST /api/v1/communications":                        access.ScopeCommunicationsWrite,
	"PATCH /api/v1/communications/{id}":                  access.ScopeCommunicationsWrite,
	"GET /api/v1/tasks":                                  access.ScopeTasksRead,
	"POST /api/v1/tasks":                                 access.ScopeTasksWrite,
	"PATCH /api/v1/tasks/{id}":                           access.ScopeTasksWrite,
	"POST /api/v1/tasks/{id}/complete":                   access.ScopeTasksWrite,
	"POST /api/v1/tasks/{id}/cancel":                     access.ScopeTasksWrite,
	"GET /api/v1/deadlines":                              access.ScopeDeadlinesRead,
	"POST /api/v1/deadlines":                             access.ScopeDeadlinesWrite,
	"PATCH /api/v1/deadlines/{id}":                       access.ScopeDeadlinesWrite,
	"POST /api/v1/deadlines/{id}/cancel":                 access.ScopeDeadlinesWrite,
	"GET /api/v1/documents/{id}":                         access.ScopeDocumentsRead,
	"POST /api/v1/documents":                             access.ScopeDocumentsWrite,
	// A person's privacy panel and the DPO's register are GDPR's, not the
	// contact's: an integration that keeps addresses in step needs no
	// consents, and one that files requests needs no contacts.
	"GET /api/v1/contacts/{id}/privacy":                      access.ScopeGDPRRead,
	"POST /api/v1/contacts/{id}/lawful-bases":                access.ScopeGDPRWrite,
	"POST /api/v1/contacts/{id}/consents":                    access.ScopeGDPRWrite,
	"POST /api/v1/contacts/{id}/consents/{consent}/withdraw": access.ScopeGDPRWrite,
	"POST /api/v1/contacts/{id}/objection":                   access.ScopeGDPRWrite,
	"POST /api/v1/contacts/{id}/restriction":                 access.ScopeGDPRWrite,
	"POST /api/v1/contacts/{id}/restriction/lift":            access.ScopeGDPRWrite,
	"GET /api/v1/requests":                                   access.ScopeGDPRRead,
	"GET /api/v1/requests/{id}":                              access.ScopeGDPRRead,
	"GET /api/v1/subjects/{id}/export":                       access.ScopeGDPRRead,
	"GET /api/v1/erasures/{id}/certificate":                  access.ScopeGDPRRead,
	"POST /api/v1/subjects/{id}/requests":                    access.ScopeGDPRWrite,
	"POST /api/v1/requests/{id}/erasure":                     access.ScopeGDPRWrite,
	"GET /api/v1/reports/{name}":                             access.ScopeReportsRead,
	// Bulk work on contacts: an export only reads (sent by POST for its
	// filter), an import and a merge write.
	"POST /api/v1/contacts/export":                 access.ScopeContactsRead,
	"GET /api/v1/contacts/imports/{id}":            access.ScopeContactsRead,
	"POST /api/v1/contacts/imports":                access.ScopeContactsWrite,
	"POST /api/v1/contacts/imports/dry-run":        access.ScopeContactsWrite,
	"POST /api/v1/contacts/{id}/affiliations":      access.ScopeContactsWrite,
	"POST /api/v1/contacts/{id}/affiliations/end":  access.ScopeContactsWrite,
	"POST /api/v1/contacts/{id}/relationships":     access.ScopeContactsWrite,
	"POST /api/v1/contacts/{id}/relationships/end": access.ScopeContactsWrite,
	"POST /api/v1/contacts/{id}/merge":             access.ScopeContactsWrite,
	// Letters are written on a matter; a preview is part of writing one.
	"GET /api/v1/letter-templates":              access.ScopeMattersRead,
	"POST /api/v1/letter-templates":             access.ScopeMattersWrite,
	"PUT /api/v1/letter-templates/{id}":         access.ScopeMattersWrite,
	"POST /api/v1/matters/{id}/letters":         access.ScopeMattersWrite,
	"POST /api/v1/matters/{id}/letters/preview": access.ScopeMattersWrite,
	// The DPO's registers: breaches, processors, the record of processing,
	// an erasure's mentions in others' files.
	"GET /api/v1/affected":                                  access.ScopeGDPRRead,
	"GET /api/v1/breaches":                                  access.ScopeGDPRRead,
	"GET /api/v1/breaches/{id}":                             access.ScopeGDPRRead,
	"POST /api/v1/breaches":                                 access.ScopeGDPRWrite,
	"PUT /api/v1/breaches/{id}/assessment":                  access.ScopeGDPRWrite,
	"POST /api/v1/breaches/{id}/decisions":                  access.ScopeGDPRWrite,
	"GET /api/v1/processing-record":                         access.ScopeGDPRRead,
	"PUT /api/v1/processing-record":                         access.ScopeGDPRWrite,
	"GET /api/v1/processors":                                access.ScopeGDPRRead,
	"POST /api/v1/processors":                               access.ScopeGDPRWrite,
	"PUT /api/v1/processors/{id}":                           access.ScopeGDPRWrite,
	"GET /api/v1/erasures/{id}/mentions/{entry}":            access.ScopeGDPRRead,
	"POST /api/v1/erasures/{id}/mentions/{entry}/redaction": access.ScopeGDPRWrite,
	// The integration feed: what happened, by ID, to what the member may see.
	"GET /api/v1/feed": access.ScopeFeedRead,
}

// TokenAllows reports whether the principal may use scope: always for a
// signed-in session (roles alone decide), for a token only within its
// scopes; a token made before scopes (Scopes nil) keeps them all.
func (p Principal) TokenAllows(scope access.Scope) bool {
	if p.TokenID == "" || p.TokenScopes == nil {
		return true
	}
	for _, s := range p.TokenScopes {
		if s == scope {
			return true
		}
	}
	return false
}

// errTokenScope: a token used beyond its scopes. Its detail names the
// scope (refuseScope), so the firm's IT knows which token to ask for.
var errTokenScope = domain.Forbidden("the API token lacks the scope this needs").WithCode("auth.token_scope")

// refuseScope answers 403 naming the missing scope. Whatever the route
// would have found is not looked at, so the answer says nothing of it.
func (s *Kit) refuseScope(w http.ResponseWriter, r *http.Request, scope access.Scope) {
	p := s.ProblemFor(r, errTokenScope)
	if scope == "" {
		scope = "?"
	}
	p.Detail = i18n.T(LangOf(r.Context()), "auth.token_scope", string(scope))
	SendProblem(w, p)
}
