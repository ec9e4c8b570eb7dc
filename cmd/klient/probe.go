package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"
)

// runProbe: `klient probe [--url URL]` asks this host's server whether it
// is ready and exits 0 only on 200. The image has no shell and no curl, so
// a container health check (docker compose) runs this. It reads no secret
// and opens no database: only the listen address (KLIENT_HTTP_ADDR).
func runProbe(ctx context.Context, args []string, stdout io.Writer) error {
	var target string
	var timeout time.Duration
	fs := flag.NewFlagSet("klient probe", flag.ContinueOnError)
	fs.StringVar(&target, "url", "", "what to ask; default http://<KLIENT_HTTP_ADDR, an unspecified host as loopback>/readyz")
	fs.DurationVar(&timeout, "timeout", 3*time.Second, "how long to wait for the answer")
	if err := parseFlags(fs, args, stdout); err != nil {
		return err
	}
	if target == "" {
		var err error
		if target, err = readyURL(env("KLIENT_HTTP_ADDR", "127.0.0.1:8080")); err != nil {
			return err
		}
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
	if err != nil {
		return fmt.Errorf("probe: %q is not a URL", target)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("probe: %s: %w", target, err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("probe: %s answered %s", target, resp.Status)
	}
	_, err = fmt.Fprintf(stdout, "%s: ready\n", target)
	return err
}

// readyURL is the readiness URL of a server listening on addr: a server on
// every interface (0.0.0.0:8080, :8080, [::]:8080) is asked on loopback.
func readyURL(addr string) (string, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil || port == "" {
		return "", errors.New("probe: KLIENT_HTTP_ADDR is not host:port")
	}
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		host = "127.0.0.1"
	}
	return "http://" + net.JoinHostPort(host, port) + "/readyz", nil
}
