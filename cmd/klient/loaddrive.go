package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"
)

type loadPlan struct {
	duration         time.Duration
	writers, readers int
	token            string // API token the clients send
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
	slices.Sort(l.took)
	q := func(p float64) time.Duration {
		if len(l.took) == 0 {
			return 0
		}
		return l.took[min(len(l.took)-1, int(p*float64(len(l.took))))].Round(10 * time.Microsecond)
	}
	return fmt.Sprintf("%-8s %7d ok %4d failed %9.1f req/s   p50 %-9v p95 %-9v p99 %v\n", name, len(l.took),
		l.failures, float64(len(l.took))/elapsed.Seconds(), q(0.50), q(0.95), q(0.99))
}

func driveLoad(ctx context.Context, base string, plan loadPlan) (string, error) {
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	var writes, reads latencies
	ctx, cancel := context.WithTimeout(ctx, plan.duration)
	defer cancel()
	start := time.Now()
	var wg sync.WaitGroup
	for w := range plan.writers {
		wg.Go(func() {
			loop(ctx, &writes, func(i int) (*http.Request, error) { return registerRequest(ctx, base, plan.token, w, i) }, client)
		})
	}
	for range plan.readers {
		wg.Go(func() {
			loop(ctx, &reads, func(i int) (*http.Request, error) { return searchRequest(ctx, base, plan.token, i) }, client)
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	head := fmt.Sprintf("loadtest: %v, %d writers (POST /api/v1/contacts, each waits for its read model), %d searchers (POST /api/v1/contacts/search)\n",
		plan.duration, plan.writers, plan.readers)
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

func awaitReady(ctx context.Context, base string) error {
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
