package contact_test

import (
	"context"
	"sync"
	"testing"

	"github.com/google/uuid"

	contactcmd "github.com/klient-crm/klient/commands/contact"
)

// A client that times out and retries can have both requests in flight at
// once: both must succeed with the one registration.
func TestConcurrentRetriesRegisterOnce(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	h, err := contactcmd.NewRegisterPersonHandler(w.Contacts)
	must(t, err)
	cmd := contactcmd.RegisterPerson{Actor: staff, ContactID: uuid.NewString(), Details: tolvan()}
	const attempts = 4
	results := make([]contactcmd.Result, attempts)
	errs := make([]error, attempts)
	var wg sync.WaitGroup
	for i := range attempts {
		wg.Go(func() { results[i], errs[i] = h.Handle(context.Background(), cmd) })
	}
	wg.Wait()
	for i := range attempts {
		if errs[i] != nil || results[i] != results[0] {
			t.Fatalf("attempt %d: %+v, %v; attempt 0: %+v", i, results[i], errs[i], results[0])
		}
	}
	if got := w.Types(t, cmd.ContactID); len(got) != 1 {
		t.Fatalf("stream %v, want one registration", got)
	}
}
