package http_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// browser starts a fresh headless Chromium with its own profile, quiet on
// the network (no updates, sync or QUIC probes), asking for English so the
// test can see the language switch work; it is closed when the test ends.
func browser(t *testing.T) context.Context {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("accept-lang", "en-GB,en"),
		chromedp.WindowSize(1280, 900),
	}
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelBrowser := chromedp.NewContext(alloc)
	ctx, cancelTimeout := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(func() { cancelTimeout(); cancelBrowser(); cancelAlloc() })
	return ctx
}

// step performs one step of the story, naming it when it fails.
func step(t *testing.T, ctx context.Context, name string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

// stepAway is step for actions that leave the page (a form posted): it
// returns once the browser shows the next document, so that what follows
// never queries nodes of the page being replaced (chromedp's "Could not
// find node with given id" when a wait lands mid-navigation).
func stepAway(t *testing.T, ctx context.Context, name string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	read(t, ctx, name+": mark the page", chromedp.Evaluate[bool](`window.__leaving = true`))
	step(t, ctx, name, actions...)
	waitUntil(t, ctx, name+": the next page", `!window.__leaving && document.readyState === 'complete'`)
}

// waitUntil evaluates the JavaScript condition cond in whatever page the
// browser shows until it holds, through any navigation under way (an
// error while a document is replaced is only a moment of it).
func waitUntil(t *testing.T, ctx context.Context, what, cond string) {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](cond))
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			page, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`location.href + "\n" + document.body.innerText`))
			t.Fatalf("%s: never came (%v); the page:\n%s", what, err, page)
		}
	}
}

// read returns what one action reads from the page.
func read[T any](t *testing.T, ctx context.Context, what string, a chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatalf("read %s: %v", what, err)
	}
	return v
}

// text is the text of the first element css matches.
func text(t *testing.T, ctx context.Context, css string) string {
	t.Helper()
	return read(t, ctx, css, chromedp.Text(chromedp.CSS(css)))
}

func want(t *testing.T, got, expected string) {
	t.Helper()
	if strings.TrimSpace(got) != expected {
		t.Errorf("got %q, want %q", strings.TrimSpace(got), expected)
	}
}

// browserFor is browser with its own deadline, for a test that walks many
// pages.
func browserFor(t *testing.T, d time.Duration) context.Context {
	t.Helper()
	ctx := browser(t)
	ctx, cancel := context.WithTimeout(ctx, d)
	t.Cleanup(cancel)
	return ctx
}

// signInAs signs in with the form in the pages' own language (Swedish,
// whatever the browser asks for) and waits until the sign-in page is gone:
// the member lands on their start page, whichever it is.
func signInAs(t *testing.T, ctx context.Context, base, email string) {
	t.Helper()
	step(t, ctx, "sign in as "+email,
		chromedp.Navigate(base+"/login"),
		chromedp.WaitVisible(chromedp.CSS(`#email`)),
		chromedp.SendKeys(chromedp.CSS(`#email`), email),
		chromedp.SendKeys(chromedp.CSS(`#password`), testPassword),
		chromedp.Submit(chromedp.CSS(`#password`)),
		chromedp.WaitNotPresent(chromedp.CSS(`#password`)))
}

// layoutProblemsJS lists what on the page is wider than the window or cut
// off: an element whose right edge passes the viewport's (a page a phone
// scrolls sideways), and a box whose content is wider than the box and
// scrolled or clipped away (a table behind a sideways scroll, a chart cut
// at its fixed width). What the page hides on purpose is left out: the skip
// link until it has the focus, the visually hidden (a one-pixel box that
// clips), and what is not rendered (a closed menu).
const layoutProblemsJS = `(() => {
  const width = document.documentElement.clientWidth;
  const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (typeof el.className === 'string' && el.className.trim() ? '.' + el.className.trim().split(/\s+/).join('.') : '');
  const path = el => { const p = []; for (let e = el; e && e !== document.body && p.length < 4; e = e.parentElement) p.unshift(name(e)); return p.join(' > '); };
  const hidden = el => {
    if (!el.checkVisibility({visibilityProperty: true})) return true;
    for (let e = el; e; e = e.parentElement) {
      const r = e.getBoundingClientRect();
      if (e.classList.contains('skip') || (r.width <= 1 && r.height <= 1 && getComputedStyle(e).overflow === 'hidden')) return true;
    }
    return false;
  };
  const problems = [];
  if (document.documentElement.scrollWidth > width) problems.push('the page is ' + document.documentElement.scrollWidth + ' px wide in a ' + width + ' px window');
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || hidden(el)) continue;
    if (r.right > width + 0.5) problems.push(path(el) + ' reaches ' + Math.round(r.right) + ' px');
    const cs = getComputedStyle(el);
    const form = ['input', 'select', 'textarea'].includes(el.tagName.toLowerCase());
    if (!form && cs.overflowX !== 'visible' && el.scrollWidth > el.clientWidth + 1) problems.push(path(el) + ' hides ' + (el.scrollWidth - el.clientWidth) + ' px of its content');
  }
  return problems.slice(0, 20);
})()`

// saveScreenshot writes the whole page as a PNG under dir, and also under
// $KLIENT_SCREENSHOTS when it is set, to look at after the test.
func saveScreenshot(t *testing.T, ctx context.Context, dir, name string) {
	t.Helper()
	png := read(t, ctx, "a screenshot of "+name, chromedp.FullScreenshot(100))
	for _, d := range []string{dir, os.Getenv("KLIENT_SCREENSHOTS")} {
		if d != "" {
			must(t, os.WriteFile(filepath.Join(d, name+".png"), png, 0o644))
		}
	}
}

// axeScript is axe-core's axe.min.js as `make test-deps` installs it
// (AXE_VERSION in the Makefile, into var/axe-core), read once.
var axeScript = sync.OnceValues(func() ([]byte, error) {
	if p := os.Getenv("KLIENT_AXE_JS"); p != "" {
		return os.ReadFile(p)
	}
	dir, err := os.Getwd()
	for err == nil {
		if _, statErr := os.Stat(filepath.Join(dir, "go.mod")); statErr == nil {
			return os.ReadFile(filepath.Join(dir, "var", "axe-core", "node_modules", "axe-core", "axe.min.js"))
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return nil, errors.New("no go.mod above the test's directory")
		}
		dir = parent
	}
	return nil, err
})

// axeJS runs axe-core over the page against WCAG 2.0, 2.1 and 2.2 A and AA
// and answers each serious or critical violation as one line: the rule, its
// impact and help, and the first elements it found with what to fix.
const axeJS = `axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}, resultTypes: ['violations']})
  .then(r => r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical').map(v =>
    v.impact + ' ' + v.id + ' (' + v.help + '), ' + v.nodes.length + ' element(s): ' +
    v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' — ' + (n.failureSummary || '').replace(/\s+/g, ' ')).join(' | ')))`

// axeViolations injects axe-core into the page (once per page) and returns
// its serious and critical WCAG 2.2 AA violations. axe-core missing fails the
// test with the way to install it: a check that cannot run is no pass.
func axeViolations(t *testing.T, ctx context.Context) []string {
	t.Helper()
	src, err := axeScript()
	if err != nil {
		t.Fatalf("axe-core is not installed (%v): run `make test-deps` (it puts axe-core from npm into var/axe-core), or set KLIENT_AXE_JS to an axe.min.js", err)
	}
	if !read(t, ctx, "whether axe is loaded", chromedp.Evaluate[bool](`typeof axe !== 'undefined'`)) {
		read(t, ctx, "axe-core injected", chromedp.Evaluate[bool](string(src)+"\n;true"))
	}
	return read(t, ctx, "axe's violations", chromedp.Evaluate[[]string](axeJS, chromedp.EvalAwaitPromise))
}
