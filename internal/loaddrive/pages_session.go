package loaddrive

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"sync"
	"time"
)

// PagesReport is what a run measured, kind by kind.
type PagesReport struct {
	plan      PagesPlan
	startPage string // where the first member's sign-in landed
	signIn    latencies
	opened    int // matters opened because an account saw none
	kinds     [pageKindCount]latencies
	elapsed   time.Duration

	mu           sync.Mutex
	firstFailure [pageKindCount]string
}

// record counts one request. One cut off by an interrupted run (ctx) is
// neither a success nor a failure.
func (r *PagesReport) record(ctx context.Context, kind pageKind, took time.Duration, err error) bool {
	if ctx.Err() != nil {
		return false
	}
	r.kinds[kind].add(took, err == nil)
	if err != nil {
		r.mu.Lock()
		if r.firstFailure[kind] == "" {
			r.firstFailure[kind] = strings.Join(strings.Fields(err.Error()), " ") // one line
		}
		r.mu.Unlock()
	}
	return err == nil
}

// DrivePages signs the staff in, makes sure there is a matter to work
// on, then lets every member work until the plan's time is up. Answers
// still under way then are awaited (up to the client timeout): a slow
// page is what this tool is for.
func DrivePages(ctx context.Context, plan PagesPlan) (*PagesReport, error) {
	rep := &PagesReport{plan: plan}
	dial := &net.Dialer{Timeout: 5 * time.Second, Control: refuseRemote}
	transport := &http.Transport{DialContext: dial.DialContext, MaxIdleConnsPerHost: plan.staff + 1}
	defer transport.CloseIdleConnections()
	if err := awaitTarget(ctx, plan.target, transport); err != nil {
		return nil, err
	}
	staff := make([]*staffSession, plan.staff)
	for i := range staff {
		s, err := signIn(ctx, rep, transport, i)
		if err != nil {
			return nil, err
		}
		staff[i] = s
	}
	rep.startPage = staff[0].start
	if err := rep.prepare(staff); err != nil {
		return nil, err
	}
	start := time.Now()
	deadline := start.Add(plan.duration)
	var wg sync.WaitGroup
	for _, s := range staff {
		wg.Go(func() {
			s.pause(deadline) // with pauses, members begin at different moments, as people do
			for i := 0; time.Now().Before(deadline) && ctx.Err() == nil; i++ {
				s.round(i, deadline)
			}
		})
	}
	wg.Wait()
	rep.elapsed = time.Since(start)
	return rep, ctx.Err()
}

// awaitTarget waits (bounded) until the target says it is ready, so a
// server just started is not measured while its read models catch up.
func awaitTarget(ctx context.Context, target string, transport http.RoundTripper) error {
	client := &http.Client{Timeout: 5 * time.Second, Transport: transport}
	var last string
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, target+"/readyz", nil)
		if err != nil {
			return err
		}
		resp, err := client.Do(req)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
			last = resp.Status
		} else {
			last = err.Error()
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
	}
	return fmt.Errorf("loadtest --pages: %s is not ready: %s", target, last)
}

// staffSession is one simulated member: their own cookie jar (session),
// and what the pages have shown them so far.
type staffSession struct {
	ctx      context.Context
	rep      *PagesReport
	who      string // "staff 3", for the entries it logs
	account  staffAccount
	base     string
	client   *http.Client
	rng      *rand.Rand
	start    string   // where sign-in landed: the member's start page
	terms    []string // words to search for, taken from the contact list
	contacts []string // contact IDs the contact list showed
	found    []string // contact IDs the last search found
	matters  []string // matter IDs the matter list showed
	matter   matterVisit
}

// matterVisit is the matter being worked on and the forms its pages offered.
type matterVisit struct {
	id           string
	checkVersion string     // the conflict-check form's version; "" when the page offers no check
	logForm      url.Values // the communication log form as it came; nil when none
}

// answer is a page as the member's browser got it, redirects followed.
type answer struct {
	body string
	at   *url.URL
	took time.Duration
}

// signIn posts the real sign-in form. The server checks forms against
// cross-origin forgery by the Origin and Sec-Fetch-Site headers (there is
// no token in the form), which exchange sends as a browser does.
func signIn(ctx context.Context, rep *PagesReport, transport http.RoundTripper, i int) (*staffSession, error) {
	jar, err := cookiejar.New(nil)
	if err != nil {
		return nil, err
	}
	acct := rep.plan.accounts[i%len(rep.plan.accounts)]
	s := &staffSession{ctx: ctx, rep: rep, who: fmt.Sprintf("staff %d", i+1), account: acct, base: rep.plan.target,
		client: &http.Client{Jar: jar, Timeout: pagesTimeout, Transport: transport}, rng: rand.New(rand.NewPCG(uint64(i), 19))}
	a, err := s.exchange(http.MethodPost, "/login", url.Values{"email": {acct.email}, "password": {acct.password}})
	if err != nil {
		return nil, fmt.Errorf("loadtest --pages: sign-in as %s failed: %w", acct.email, err)
	}
	rep.signIn.add(a.took, true)
	s.start = a.at.Path
	return s, nil
}

// exchange sends one request as the member's browser would and reads the
// whole answer. A 4xx or 5xx, a transport error or timeout, and landing
// on the sign-in form (the session is gone) are errors.
func (s *staffSession) exchange(method, path string, form url.Values) (answer, error) {
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequestWithContext(s.ctx, method, s.base+path, body)
	if err != nil {
		return answer{}, err
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", s.base)
		req.Header.Set("Sec-Fetch-Site", "same-origin")
	}
	t := time.Now()
	resp, err := s.client.Do(req)
	if err != nil {
		return answer{took: time.Since(t)}, err
	}
	defer resp.Body.Close()
	page, err := io.ReadAll(resp.Body)
	a := answer{body: string(page), at: resp.Request.URL, took: time.Since(t)}
	switch {
	case err != nil:
		return a, err
	case resp.StatusCode >= 400:
		return a, fmt.Errorf("%s from %s %s", resp.Status, method, resp.Request.URL.Path)
	case a.at.Path == "/login":
		return a, fmt.Errorf("%s %s ended on the sign-in form: no session (a Secure cookie over plain HTTP?) or it ended", method, path)
	}
	return a, nil
}

// measure sends one request of kind and counts it.
func (s *staffSession) measure(kind pageKind, method, path string, form url.Values) (answer, bool) {
	a, err := s.exchange(method, path, form)
	return a, s.rep.record(s.ctx, kind, a.took, err)
}

// round is a member's day in miniature; every fifth round, the first
// included, also logs a call. A step that has nothing to work on (no
// matter shown, no check offered) is skipped, not failed.
func (s *staffSession) round(i int, deadline time.Time) {
	steps := []func(){s.startPage, s.searchContacts, s.contactPage, s.matterList, s.matterPage, s.communications}
	if i%5 == 0 {
		steps = append(steps, s.logCommunication)
	}
	steps = append(steps, s.conflictCheck, s.reports)
	for _, step := range steps {
		if !time.Now().Before(deadline) || s.ctx.Err() != nil {
			return
		}
		step()
		s.pause(deadline)
	}
}

// pause is a member reading what they opened: a random 50-150 % of the
// plan's think time, so twenty members do not click in step.
func (s *staffSession) pause(deadline time.Time) {
	if s.rep.plan.think <= 0 {
		return
	}
	d := time.Duration(float64(s.rep.plan.think) * (0.5 + s.rng.Float64()))
	select {
	case <-time.After(min(d, time.Until(deadline))):
	case <-s.ctx.Done():
	}
}

func (s *staffSession) startPage() { s.measure(pageStart, http.MethodGet, s.start, nil) }

func (s *staffSession) reports() { s.measure(pageReports, http.MethodGet, "/reports", nil) }

func (s *staffSession) searchContacts() {
	term := s.terms[s.rng.IntN(len(s.terms))]
	if a, ok := s.measure(pageSearch, http.MethodPost, "/contacts/search", url.Values{"q": {term}}); ok {
		s.found = linkedIDs(a.body, "/contacts/")
	}
}

// contactPage opens one of the contacts the last search found, or else
// one the contact list showed.
func (s *staffSession) contactPage() {
	ids := s.found
	if len(ids) == 0 {
		ids = s.contacts
	}
	if len(ids) > 0 {
		s.measure(pageContact, http.MethodGet, "/contacts/"+ids[s.rng.IntN(len(ids))], nil)
	}
}
