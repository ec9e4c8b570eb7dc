package http_test

import (
	"bufio"
	"context"
	"net/http"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/eventstore"
	contactpages "github.com/klient-crm/klient/http/contacts"
	"github.com/klient-crm/klient/http/web"
	"github.com/klient-crm/klient/internal/apptest"
	"github.com/klient-crm/klient/internal/catalogue"
	dpomodel "github.com/klient-crm/klient/projections/dpo"
)

// The newcomer's walk (docs/architecture.md) is measured, not guessed: the
// files in which code ran for `POST /api/v1/contacts` and the GET that
// reads the contact back, by coverage. `make walk` runs it; without
// coverage it is skipped.

// walkPhase tells a run of TestNewcomersWalkPhase whether to send the two
// requests ("with") or not ("without").
const walkPhase = "KLIENT_WALK_PHASE"

// walkMost is issue 10's bound: one request readable in at most 25 files.
const walkMost = 25

// TestNewcomersWalk runs the app twice, each time in a process of its own
// (the test binary itself, built with coverage): once sending the two
// requests, once not. A file is on the walk when a block of it ran more
// often in the run with the requests; test-only packages and the packages
// of other read models are not counted. The walk must have at most 25
// files and be exactly the list docs/architecture.md gives.
func TestNewcomersWalk(t *testing.T) {
	if mode := testing.CoverMode(); mode != "atomic" && mode != "count" {
		t.Skip("measured with coverage: make walk")
	}
	if os.Getenv(walkPhase) != "" {
		t.Skip("one run of the measurement")
	}
	walked := ranMoreOften(walkRun(t, "with"), walkRun(t, "without"))
	packages := map[string]bool{}
	for _, f := range walked {
		packages[path.Dir(f)] = true
		t.Log(f)
	}
	t.Logf("the two requests ran code in %d files in %d packages", len(walked), len(packages))
	if len(walked) > walkMost {
		t.Errorf("the walk has %d files; issue 10 allows %d", len(walked), walkMost)
	}
	listed := documentedWalk(t)
	if missing, extra := difference(walked, listed), difference(listed, walked); len(missing)+len(extra) > 0 {
		t.Errorf("docs/architecture.md's walk is not what ran: it leaves out %v and lists %v, which did not run", missing, extra)
	}
}

// TestNewcomersWalkPhase is one run of TestNewcomersWalk's measurement:
// the app as the HTTP tests build it, whose runtime runs the contacts
// projector and the staff projector only (the member signing in needs
// it), so that no other projector applies the event (the table of the
// contacts' special-category markings is made, empty: the read asks
// whether the contact has any); then the two
// requests or none; then, the read models settled, a pause, longer
// without the requests, so that what runs on a timer runs at least as
// often there.
func TestNewcomersWalkPhase(t *testing.T) {
	phase := os.Getenv(walkPhase)
	if phase == "" {
		t.Skip("run by TestNewcomersWalk")
	}
	a := newAppOpened(t, []apptest.Option{apptest.OnlyProjectors(web.ContactsProjector, "staff")}, web.Config{})
	tx, err := a.pool.Begin(context.Background()) // the markings' table, empty, without its projector
	must(t, err)
	must(t, dpomodel.NewSpecialContactsProjector().Setup(context.Background(), tx))
	must(t, tx.Commit(context.Background()))
	api := a.as("") // an API client: the token, no session
	bearer := "Bearer " + a.token(a.me.ID, access.RoleLawyer)
	a.settle()
	if phase == "without" {
		time.Sleep(5 * time.Second)
		return
	}
	rec := api.call(http.MethodPost, "/api/v1/contacts", annaJSON, "Authorization", bearer)
	wantStatus(t, rec, http.StatusCreated)
	id := decode[contactpages.ContactJSON](t, rec).ID
	wantStatus(t, api.call(http.MethodGet, "/api/v1/contacts/"+id, "", "Authorization", bearer), http.StatusOK)
	a.settle()
	time.Sleep(3 * time.Second)
}

// settle waits until every projector of the runtime has applied the log.
func (a *app) settle() {
	a.t.Helper()
	head, err := a.store.ReadAll(context.Background(), eventstore.Start, 100000)
	must(a.t, err)
	apptest.Settle(a.t, a.rt, head[len(head)-1].Position)
}

// walkRun runs TestNewcomersWalkPhase as phase in a process of its own and
// returns how often each block of the module ran there, by
// "file:lines" (the module's path left off).
func walkRun(t *testing.T, phase string) map[string]int {
	t.Helper()
	dir := t.TempDir()
	profile := filepath.Join(dir, "profile.txt")
	cmd := exec.Command(os.Args[0], "-test.run=^TestNewcomersWalkPhase$", "-test.count=1",
		"-test.coverprofile="+profile, "-test.gocoverdir="+dir)
	cmd.Env = append(os.Environ(), walkPhase+"="+phase)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("the run %s: %v\n%s", phase, err, out)
	}
	f, err := os.Open(profile)
	must(t, err)
	defer f.Close()
	ran := map[string]int{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text()) // file:start,end statements count
		if len(fields) != 3 {
			continue // the mode line
		}
		n, err := strconv.Atoi(fields[2])
		must(t, err)
		ran[strings.TrimPrefix(fields[0], "github.com/klient-crm/klient/")] += n
	}
	must(t, sc.Err())
	return ran
}

// ranMoreOften lists, sorted, the files of the product holding a block
// that ran more often in with than in without.
func ranMoreOften(with, without map[string]int) []string {
	others := otherReadModels()
	var files []string
	for block, n := range with {
		file, _, _ := strings.Cut(block, ":")
		dir := path.Dir(file)
		if n <= without[block] || strings.HasSuffix(dir, "test") || others[dir] || slices.Contains(files, file) {
			continue
		}
		files = append(files, file)
	}
	slices.Sort(files)
	return files
}

// otherReadModels are the packages of the catalogue's projectors other
// than contacts: their work for the event is not the walk.
func otherReadModels() map[string]bool {
	dirs := map[string]bool{}
	for _, p := range catalogue.Projectors() {
		if p.Name() != web.ContactsProjector {
			dirs[strings.TrimPrefix(reflect.TypeOf(p).PkgPath(), "github.com/klient-crm/klient/")] = true
		}
	}
	return dirs
}

// documentedWalk is the list of files under "The newcomer's walk" in
// docs/architecture.md.
func documentedWalk(t *testing.T) []string {
	t.Helper()
	section, _, _ := strings.Cut(docSection(t, "docs/architecture.md", "## The newcomer's walk"), "\n## ")
	var files []string
	for _, m := range regexp.MustCompile("(?m)^\\d+\\. `([^`]+\\.go)`").FindAllStringSubmatch(section, -1) {
		files = append(files, m[1])
	}
	return files
}

// difference is what of a is not in b.
func difference(a, b []string) []string {
	var out []string
	for _, s := range a {
		if !slices.Contains(b, s) {
			out = append(out, s)
		}
	}
	return out
}
