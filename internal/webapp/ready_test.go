package webapp

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/klient-crm/klient/internal/apptest"
)

// /readyz is not ready while a projector runs on no instance — at start,
// and after an outage until the runners have their locks again (issue 11,
// item 15: it said ready at once while writers waited out their
// read-your-writes) — and is ready once they all run.
func TestReadyWaitsForEveryProjectorToRun(t *testing.T) {
	t.Parallel()
	a := apptest.New(t)
	check := ready(a.Runtime)
	if err := check(context.Background()); err == nil || !strings.Contains(err.Error(), "runs on no instance") {
		t.Fatalf("ready before any projector runs: %v", err)
	}
	apptest.Live(t, a.Runtime)
	deadline := time.Now().Add(10 * time.Second)
	for err := check(context.Background()); err != nil; err = check(context.Background()) {
		if time.Now().After(deadline) {
			t.Fatalf("not ready with the projectors running: %v", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
