package gdpr_test

import (
	"context"
	"testing"
	"time"

	"github.com/klient-crm/klient/projections/gdpr"
)

// Every instance loads the same key, and a rebuild of the read model
// leaves it alone: links already mailed out keep working.
func TestWithdrawalLinkKeyIsSharedAndSurvivesRebuilds(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	token, err := w.links.Sign("subject-1", "consent-1", today.Add(time.Hour))
	must(t, err)
	must(t, w.RT.Rebuild(ctx, "gdpr", nil))
	again, err := gdpr.LoadWithdrawalLinks(ctx, w.Pool)
	must(t, err)
	if link, err := again.Verify(token, today); err != nil || link.ConsentID != "consent-1" {
		t.Fatalf("Verify with the reloaded key: %+v, %v", link, err)
	}
}
