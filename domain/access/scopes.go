package access

import (
	"fmt"
	"slices"
)

// Scope is what an API token may be used for, on top of its roles: a
// token for the billing system that reads matters cannot write contacts,
// whatever role it was given. Each API route needs one scope (the route
// table in http/web); a token acts only where both its scopes and its
// roles allow.
type Scope string

// The API's scopes: a resource and read or write. A scope comes with the
// first route that needs it (the event feed's feed:read with the feed),
// so the token form offers nothing that opens nothing.
const (
	ScopeContactsRead        Scope = "contacts:read"
	ScopeContactsWrite       Scope = "contacts:write"
	ScopeMattersRead         Scope = "matters:read"
	ScopeMattersWrite        Scope = "matters:write"
	ScopeCommunicationsRead  Scope = "communications:read"
	ScopeCommunicationsWrite Scope = "communications:write"
	ScopeTasksRead           Scope = "tasks:read"
	ScopeTasksWrite          Scope = "tasks:write"
	ScopeDeadlinesRead       Scope = "deadlines:read"
	ScopeDeadlinesWrite      Scope = "deadlines:write"
	ScopeDocumentsRead       Scope = "documents:read"
	ScopeDocumentsWrite      Scope = "documents:write"
	ScopeGDPRRead            Scope = "gdpr:read"
	ScopeGDPRWrite           Scope = "gdpr:write"
	ScopeReportsRead         Scope = "reports:read"
	ScopeCDDRead             Scope = "cdd:read"  // due-diligence records, the risk assessment, the AML officer's queue
	ScopeCDDWrite            Scope = "cdd:write" // a record's parts, screening and decision; the assessment; list imports
	ScopeFeedRead            Scope = "feed:read"
	ScopeWebhooksWrite       Scope = "webhooks:write"  // a webhook's test message and an entry sent again
	ScopeCampaignsRead       Scope = "campaigns:read"  // campaigns with their reports, an audience's preview
	ScopeCampaignsWrite      Scope = "campaigns:write" // sending a campaign
)

// Scopes lists every scope, in the order the token form shows them.
var Scopes = []Scope{ScopeContactsRead, ScopeContactsWrite, ScopeMattersRead, ScopeMattersWrite,
	ScopeCommunicationsRead, ScopeCommunicationsWrite, ScopeTasksRead, ScopeTasksWrite,
	ScopeDeadlinesRead, ScopeDeadlinesWrite, ScopeDocumentsRead, ScopeDocumentsWrite,
	ScopeGDPRRead, ScopeGDPRWrite, ScopeReportsRead, ScopeCDDRead, ScopeCDDWrite, ScopeFeedRead,
	ScopeWebhooksWrite, ScopeCampaignsRead, ScopeCampaignsWrite}

// ParseScope accepts a scope's name.
func ParseScope(s string) (Scope, error) {
	if sc := Scope(s); slices.Contains(Scopes, sc) {
		return sc, nil
	}
	return "", fmt.Errorf("unknown scope %q", s)
}
