// Package loaddrive drives load against a Klient served on this machine,
// over HTTP only, and measures it: `klient loadtest` (API writers and
// searchers against a scratch server) and `klient loadtest --pages`
// (signed-in staff working through the HTML pages of a running server;
// issue 19, docs/performance.md). It knows no Klient package: whatever it
// writes goes through the API and the forms, like anyone's work. Loopback
// targets only: this workplace forbids load sent elsewhere.
package loaddrive

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"
)

// APIPlan is one `klient loadtest` run against the JSON API.
type APIPlan struct {
	Duration         time.Duration
	Writers, Readers int
	Token            string // API token the clients send
}

// latencies collects one kind of request's timings and failures.
type latencies struct {
	mu       sync.Mutex
	took     []time.Duration
	failures int
}

func (l *latencies) add(d time.Duration, ok bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !ok {
		l.failures++
		return
	}
	l.took = append(l.took, d)
}

func (l *latencies) line(name string, elapsed time.Duration) string {
	p50, p95, p99, _ := l.stats()
	return fmt.Sprintf("%-8s %7d ok %4d failed %9.1f req/s   p50 %-9v p95 %-9v p99 %v\n", name, len(l.took),
		l.failures, float64(len(l.took))/elapsed.Seconds(), p50, p95, p99)
}

// DriveAPI runs plan's writers (POST /api/v1/contacts, each waiting for its
// read model) and searchers against base and reports their figures.
func DriveAPI(ctx context.Context, base string, plan APIPlan) (string, error) {
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	var writes, reads latencies
	ctx, cancel := context.WithTimeout(ctx, plan.Duration)
	defer cancel()
	start := time.Now()
	var wg sync.WaitGroup
	for w := range plan.Writers {
		wg.Go(func() {
			loop(ctx, &writes, func(i int) (*http.Request, error) { return registerRequest(ctx, base, plan.Token, w, i) }, client)
		})
	}
	for range plan.Readers {
		wg.Go(func() {
			loop(ctx, &reads, func(i int) (*http.Request, error) { return searchRequest(ctx, base, plan.Token, i) }, client)
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	head := fmt.Sprintf("loadtest: %v, %d writers (POST /api/v1/contacts, each waits for its read model), %d searchers (POST /api/v1/contacts/search)\n",
		plan.Duration, plan.Writers, plan.Readers)
	return head + writes.line("register", elapsed) + reads.line("search", elapsed), nil
}

func loop(ctx context.Context, l *latencies, next func(int) (*http.Request, error), client *http.Client) {
	for i := 0; ctx.Err() == nil; i++ {
		req, err := next(i)
		if err != nil {
			return
		}
		t := time.Now()
		resp, err := client.Do(req)
		if ctx.Err() != nil {
			return // cut off by the end of the run: neither a success nor a failure
		}
		ok := err == nil && resp.StatusCode < 300
		if err == nil {
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
		l.add(time.Since(t), ok)
	}
}

func registerRequest(ctx context.Context, base, token string, writer, i int) (*http.Request, error) {
	body := fmt.Sprintf(`{"kind":"person","details":{"given_name":"Last%d","family_name":"Testsson%d","emails":[{"address":"load%d.%d@example.se"}]}}`,
		writer, i, writer, i)
	return jsonRequest(ctx, base+"/api/v1/contacts", token, body)
}

func searchRequest(ctx context.Context, base, token string, i int) (*http.Request, error) {
	terms := []string{"Testsson", "Last1", "example.se", "Tests"}
	return jsonRequest(ctx, base+"/api/v1/contacts/search", token, fmt.Sprintf(`{"q":%q}`, terms[i%len(terms)]))
}

func jsonRequest(ctx context.Context, url, token, body string) (*http.Request, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewBufferString(body))
	if err == nil {
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return req, err
}

// AwaitReady waits (at most 30 s) until base answers /readyz.
func AwaitReady(ctx context.Context, base string) error {
	client := &http.Client{Timeout: 5 * time.Second}
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		resp, err := client.Get(base + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
	return fmt.Errorf("loadtest: the server did not become ready: %s", strings.TrimPrefix(base, "http://"))
}
