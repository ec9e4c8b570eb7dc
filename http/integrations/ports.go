package integrations

import (
	"context"

	"github.com/klient-crm/klient/http/web"
	"github.com/klient-crm/klient/projections/integrations"
)

// Deps are what the integrations' routes need.
type Deps struct {
	// Feed reads the integration feed's read model
	// (integrations.NewFeed(pool)).
	Feed FeedReader
}

// FeedReader reads the feed's entries a reader may see, in log order.
type FeedReader interface {
	Read(ctx context.Context, r integrations.Reader, after integrations.Position, limit int) ([]integrations.Entry, error)
}

var _ FeedReader = integrations.Feed{}

// Validate names what is missing.
func (d Deps) Validate(check func(ok bool, name string)) {
	check(web.Present(d.Feed), "Integrations.Feed")
}
