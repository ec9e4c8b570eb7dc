package loaddrive

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/url"
	"slices"
	"strings"
	"syscall"
	"time"
)

// PagesPlan is what `klient loadtest --pages` drives: signed-in staff
// working through the HTML pages of a Klient already running on this
// machine. It never opens the target's database: whatever it writes (log
// entries, and one matter when an account sees none) goes through the
// forms, like anyone's work.
type PagesPlan struct {
	target   string // scheme://host:port on a loopback address
	staff    int
	duration time.Duration // how long new requests are started
	think    time.Duration // a member's pause between two pages; 0: none (capacity)
	accounts []staffAccount
}

// staffAccount is one sign-in; simulated member i uses accounts[i % len].
type staffAccount struct{ email, password string }

// Account is a sign-in the page driver uses when --accounts names none
// (the caller's demo lawyers): each needs the lawyer role, the one demo
// role that may open every page measured.
type Account struct{ Email, Password string }

// pagesTimeout lets a slow page answer and be measured rather than cut:
// issue 19 saw pages take 19.6 s.
const pagesTimeout = 30 * time.Second

// WantsPages says whether loadtest is to drive the pages of a running
// Klient instead of its own scratch server.
func WantsPages(args []string) bool {
	for _, a := range args {
		switch a {
		case "-pages", "--pages", "-pages=true", "--pages=true":
			return true
		}
	}
	return false
}

// RunPages is `klient loadtest --pages`: it parses args, drives the pages
// and prints the table to stdout.
func RunPages(ctx context.Context, args []string, stdout io.Writer, defaults []Account) error {
	plan, err := ParsePagesPlan(args, stdout, defaults)
	if err != nil {
		return err
	}
	rep, err := DrivePages(ctx, plan)
	if rep != nil { // an interrupted run still shows what it measured
		_, _ = fmt.Fprint(stdout, rep.String())
	}
	return err
}

// ParsePagesPlan reads the page driver's flags; without --accounts the
// defaults sign in.
func ParsePagesPlan(args []string, stdout io.Writer, defaults []Account) (PagesPlan, error) {
	var plan PagesPlan
	var target, accounts string
	fs := flag.NewFlagSet("klient loadtest --pages", flag.ContinueOnError)
	fs.SetOutput(stdout)
	fs.Bool("pages", true, "drive the HTML pages of a running Klient as signed-in staff")
	fs.StringVar(&target, "target", "", "URL of a running klient serve on this machine, e.g. http://127.0.0.1:8080")
	fs.IntVar(&plan.staff, "staff", 20, "concurrent signed-in staff (1..200)")
	fs.DurationVar(&plan.duration, "duration", time.Minute, "how long new requests are started (at most 10m)")
	fs.DurationVar(&plan.think, "think", 0, "each member's pause between two pages, as people read what they opened (0: none, at most 1m)")
	fs.StringVar(&accounts, "accounts", "", "email:password,... to sign in with; each needs the lawyer role (default: the demo lawyer)")
	if err := fs.Parse(args); err != nil {
		return plan, err
	}
	if fs.NArg() > 0 {
		return plan, fmt.Errorf("loadtest --pages: unexpected argument %q", fs.Arg(0))
	}
	var err error
	if plan.target, err = loopbackTarget(target); err != nil {
		return plan, err
	}
	if plan.staff < 1 || plan.staff > 200 {
		return plan, fmt.Errorf("loadtest --pages: --staff must be 1..200, not %d", plan.staff)
	}
	if plan.think < 0 || plan.think > time.Minute {
		return plan, fmt.Errorf("loadtest --pages: --think must be from 0 to 1m, not %v", plan.think)
	}
	if plan.duration <= 0 || plan.duration > 10*time.Minute {
		return plan, fmt.Errorf("loadtest --pages: --duration must be above 0 and at most 10m, not %v", plan.duration)
	}
	plan.accounts, err = parseAccounts(accounts, defaults)
	return plan, err
}

// loopbackTarget accepts only this machine: the rules of the machines
// this runs on forbid load (or any traffic) elsewhere.
func loopbackTarget(raw string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", fmt.Errorf("loadtest --pages: --target wants the URL of a running Klient, e.g. http://127.0.0.1:8080, not %q", raw)
	}
	host := u.Hostname()
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return "", fmt.Errorf("loadtest --pages: refusing --target %s: only a loopback address (127.0.0.0/8, ::1 or localhost) may be driven", host)
	}
	return u.Scheme + "://" + u.Host, nil
}

// refuseRemote is the dialer's last word: whatever a name resolves to or
// a redirect points at, no connection leaves this machine.
func refuseRemote(_, address string, _ syscall.RawConn) error {
	host, _, err := net.SplitHostPort(address)
	if ip := net.ParseIP(host); err != nil || ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("loadtest --pages: refusing to connect to %s: not a loopback address", address)
	}
	return nil
}

// parseAccounts reads email:password,...; without any, the defaults sign
// in.
func parseAccounts(s string, defaults []Account) ([]staffAccount, error) {
	var out []staffAccount
	if strings.TrimSpace(s) == "" {
		for _, d := range defaults {
			out = append(out, staffAccount{d.Email, d.Password})
		}
		return out, nil
	}
	for item := range strings.SplitSeq(s, ",") {
		email, password, ok := strings.Cut(strings.TrimSpace(item), ":")
		if !ok || email == "" || password == "" {
			return nil, errors.New("loadtest --pages: --accounts wants email:password,... (no commas in passwords)")
		}
		out = append(out, staffAccount{email, password})
	}
	return out, nil
}

// pageKind is one kind of request a member makes; each gets its own line.
type pageKind int

const (
	pageStart pageKind = iota
	pageSearch
	pageContact
	pageMatters
	pageMatter
	pageComms
	pageConflict
	pageReports
	pageLogged // logging a communication until the page shows it: read-your-writes
	pageKindCount
)

var pageKinds = [pageKindCount]struct{ name, request string }{
	pageStart:    {"start", "GET start page"},
	pageSearch:   {"search", "POST /contacts/search"},
	pageContact:  {"contact", "GET /contacts/{id}"},
	pageMatters:  {"matters", "GET /matters"},
	pageMatter:   {"matter", "GET /matters/{id}"},
	pageComms:    {"comms", "GET /matters/{id}/communications"},
	pageConflict: {"conflict", "POST /matters/{id}/conflict-check"},
	pageReports:  {"reports", "GET /reports"},
	pageLogged:   {"log+read", "POST /matters/{id}/communications -> shown"},
}

// stats sorts the timings and reads the quantiles the targets speak of.
func (l *latencies) stats() (p50, p95, p99, max time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.took) == 0 {
		return 0, 0, 0, 0
	}
	slices.Sort(l.took)
	q := func(p float64) time.Duration {
		return l.took[min(len(l.took)-1, int(p*float64(len(l.took))))].Round(10 * time.Microsecond)
	}
	return q(0.50), q(0.95), q(0.99), l.took[len(l.took)-1].Round(10 * time.Microsecond)
}

func (r *PagesReport) String() string {
	var b strings.Builder
	p := r.plan
	pauses := "without pauses"
	if p.think > 0 {
		pauses = fmt.Sprintf("each member pausing %v between pages", p.think)
	}
	fmt.Fprintf(&b, "loadtest --pages: %s, %d staff as %s, %v %s (then answers under way are awaited, client timeout %v); ran %v\n",
		p.target, p.staff, accountList(p.accounts), p.duration, pauses, pagesTimeout, r.elapsed.Round(time.Millisecond))
	p50, _, _, worst := r.signIn.stats()
	fmt.Fprintf(&b, "signed in %d staff one after another: p50 %v, max %v", len(r.signIn.took), p50, worst)
	if r.opened > 0 {
		fmt.Fprintf(&b, "; opened %d matter(s) through the intake form (the account saw none)", r.opened)
	}
	fmt.Fprintf(&b, "\n%-9s %-45s %7s %6s %8s  %-9s %-9s %-9s %s\n", "kind", "request", "ok", "failed", "req/s", "p50", "p95", "p99", "max")
	var total latencies
	for k := range pageKindCount {
		request := pageKinds[k].request
		if k == pageStart && r.startPage != "" {
			request = "GET " + r.startPage
		}
		b.WriteString(r.row(pageKinds[k].name, request, &r.kinds[k]))
		total.took = append(total.took, r.kinds[k].took...)
		total.failures += r.kinds[k].failures
	}
	b.WriteString(r.row("total", "", &total))
	for k := range pageKindCount {
		if why := r.firstFailure[k]; why != "" {
			fmt.Fprintf(&b, "first failure of %s: %s\n", pageKinds[k].name, why)
		}
	}
	return b.String()
}

func (r *PagesReport) row(name, request string, l *latencies) string {
	p50, p95, p99, worst := l.stats()
	return fmt.Sprintf("%-9s %-45s %7d %6d %8.1f  %-9v %-9v %-9v %v\n", name, request, len(l.took), l.failures,
		float64(len(l.took))/r.elapsed.Seconds(), p50, p95, p99, worst)
}

func accountList(accounts []staffAccount) string {
	emails := make([]string, len(accounts))
	for i, a := range accounts {
		emails[i] = a.email
	}
	return strings.Join(emails, ", ")
}

// Problems names each page kind that got no answer or a failed one, with
// its first failure: an empty list means every page measured answered.
func (r *PagesReport) Problems() []string {
	var out []string
	for k := range pageKindCount {
		if l := &r.kinds[k]; len(l.took) == 0 || l.failures != 0 {
			out = append(out, fmt.Sprintf("%s: %d ok, %d failed (%s)", pageKinds[k].name, len(l.took), l.failures, r.firstFailure[k]))
		}
	}
	return out
}

// Opened is how many matters the run opened because an account saw none;
// StartPage is where the first member's sign-in landed.
func (r *PagesReport) Opened() int       { return r.opened }
func (r *PagesReport) StartPage() string { return r.startPage }
