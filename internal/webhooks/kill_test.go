package webhooks_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"sync"
	"testing"
	"time"

	"github.com/klient-crm/klient/internal/apptest"
	"github.com/klient-crm/klient/internal/webhooks"
	"github.com/klient-crm/klient/projections/integrations"
)

// TestKilledSenderDeliversAgain (issue 18's kill -9 mid-delivery): a
// sender process is killed with SIGKILL while the receiver holds its
// request. Another sender, once the dead one's lease has run out, sends
// the same entry again under the same webhook-id, then the next, in
// order: nothing is lost, and the receiver can drop the duplicate by ID.
func TestKilledSenderDeliversAgain(t *testing.T) {
	if os.Getenv("KLIENT_WEBHOOKS_CHILD_URL") != "" {
		t.Skip("inside the child")
	}
	w := newWorld(t)
	var mu sync.Mutex
	var ids []string
	holding := make(chan struct{})
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		mu.Lock()
		ids = append(ids, r.Header.Get("webhook-id"))
		first := len(ids) == 1
		mu.Unlock()
		if first {
			close(holding) // the child's request is here: kill it now
			<-release
			return
		}
		rw.WriteHeader(http.StatusNoContent)
	}))
	t.Cleanup(srv.Close)
	t.Cleanup(func() {
		select {
		case <-release:
		default:
			close(release)
		}
	})
	sub, _ := w.subscribe(srv.URL, integrations.KindContactRegistered)
	w.person("Frida", "Fors")
	w.person("Gustav", "Gran")

	child := exec.Command(os.Args[0], "-test.run=^TestWebhookSenderChild$", "-test.count=1")
	child.Env = append(os.Environ(), "KLIENT_WEBHOOKS_CHILD_URL="+w.app.URL, "KLIENT_WEBHOOKS_CHILD_DIR="+w.app.DataDir)
	child.Stdout, child.Stderr = os.Stderr, os.Stderr
	apptest.Must(t, child.Start())
	select {
	case <-holding:
	case <-time.After(2 * time.Minute):
		_ = child.Process.Kill()
		t.Fatal("the child never sent")
	}
	apptest.Must(t, child.Process.Kill()) // SIGKILL: no deferred code runs
	_ = child.Wait()
	close(release)

	time.Sleep(childLease + 100*time.Millisecond) // the dead sender's lease runs out
	drain(t, w.sender(true), 6)

	mu.Lock()
	defer mu.Unlock()
	if len(ids) != 3 || ids[0] != ids[1] || ids[1] == ids[2] {
		t.Fatalf("the receiver got webhook-ids %v; want the first entry twice under one ID, then the second", ids)
	}
	log, err := integrations.NewWebhooks(w.app.Pool).Deliveries(context.Background(), sub.ID, 10)
	apptest.Must(t, err)
	if len(log) != 2 || log[0].Outcome != "delivered" || log[1].Outcome != "delivered" || "msg_"+log[1].EventID != ids[0] {
		t.Errorf("delivery log %+v; want the first entry delivered once, then the second", log)
	}
}

const childLease = time.Second

// TestWebhookSenderChild is the sender process TestKilledSenderDeliversAgain
// kills; run alone it skips.
func TestWebhookSenderChild(t *testing.T) {
	url := os.Getenv("KLIENT_WEBHOOKS_CHILD_URL")
	if url == "" {
		t.Skip("run by TestKilledSenderDeliversAgain")
	}
	app := apptest.Open(t, url, os.Getenv("KLIENT_WEBHOOKS_CHILD_DIR"), apptest.OnlyProjectors("integrations"))
	webhooks.New(webhooks.Config{Pool: app.Pool, Opener: app.Keys, Logger: app.Log, AllowPrivate: true,
		Lease: childLease, Timeout: time.Minute}).Run(context.Background()) // until killed
}
