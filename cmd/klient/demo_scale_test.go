package main

import (
	"context"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/klient-crm/klient/domain/access"
)

// The firm of issue 19, which the generator scales: 150,000 contacts,
// 30,000 opened matters and ~534,000 communication events in a log of
// 1,024,288 events.
const (
	issueLog            = 1_024_288.0
	issueContacts       = 150_000 / issueLog
	issueMatters        = 30_000 / issueLog
	issueCommunications = 534_000 / issueLog
)

// TestDemoScale writes a firm of about 3,000 events and reads the log
// back: the mix is the issue's, every matter was opened after a conflict
// check, the demo lawyer has a share, and no invented name is in clear.
func TestDemoScale(t *testing.T) {
	t.Parallel()
	in := newInstance(t)
	out, errOut, code := in.run("demo-data", "--scale", "3000", "--writers", "3")
	if code != 0 || !strings.Contains(out, "demo data: wrote") || !strings.Contains(out, "events/s") {
		t.Fatalf("demo-data --scale 3000: exit %d\n%s%s", code, out, errOut)
	}
	types := eventTypes(t, in)
	total := sumOf(types, "")
	if total < 3000*0.85 || total > 3000*1.15 {
		t.Fatalf("the log holds %d events, want 3000 ± 15%%: %v", total, types)
	}
	contacts, orgs := sumOf(types, "contact."), types["contact.OrganisationRegistered"]
	comms, opened := sumOf(types, "communication."), types["matter.MatterOpened"]
	near(t, "contacts", contacts, total, issueContacts)
	near(t, "matters opened", opened, total, issueMatters)
	near(t, "communication events", comms, total, issueCommunications)
	if orgs < contacts/20 || orgs > contacts*3/10 {
		t.Errorf("%d organisations among %d contacts, want about 15%%", orgs, contacts)
	}
	if types["matter.ConflictCheckRecorded"] != opened || types["matter.MatterActivated"] != opened {
		t.Errorf("%d matters, %d conflict checks, %d opened: want one check and one opening each", opened,
			types["matter.ConflictCheckRecorded"], types["matter.MatterActivated"])
	}
	for _, kind := range []string{"communication.CommunicationLogged", "communication.FollowUpFlagged",
		"communication.CommunicationCorrected", "work.TaskCreated", "work.TaskCompleted", "work.DeadlineSet"} {
		if types[kind] == 0 {
			t.Errorf("no %s in the log: %v", kind, types)
		}
	}
	for _, group := range []string{"contact.", "matter.", "work.", "access."} {
		if n := sumOf(types, group); n >= comms {
			t.Errorf("%s* has %d events, communications %d: want communications the largest share", group, n, comms)
		}
	}
	demoLawyerHasShare(t, in, opened)
	nothingInClear(t, in)
	refusedSecondRun(t, in, total)
}

// TestDemoScaleBadInput: each mistake exits non-zero with one line and
// writes nothing, not even the schema.
func TestDemoScaleBadInput(t *testing.T) {
	t.Parallel()
	in := newInstance(t)
	for _, args := range [][]string{
		{"--scale", "5"}, {"--scale", "50000001"}, {"--scale", "1000", "--writers", "0"},
		{"--scale", "1000", "--writers", "65"}, {"--writers", "2"},
	} {
		_, errOut, code := in.run(append([]string{"demo-data"}, args...)...)
		lines := strings.Split(strings.TrimSpace(errOut), "\n")
		if code == 0 || len(lines) != 1 || !strings.HasPrefix(lines[0], "klient: demo data: ") {
			t.Errorf("demo-data %v: exit %d, stderr %q; want one line and a non-zero exit", args, code, errOut)
		}
	}
	var events *string
	in.queryRow(`SELECT to_regclass('events')::text`, nil, &events)
	if events != nil {
		t.Error("bad input created the event store's tables")
	}
}

func eventTypes(t *testing.T, in *instance) map[string]int {
	t.Helper()
	conn := in.connect()
	defer conn.Close(context.Background())
	rows, err := conn.Query(context.Background(), `SELECT type, count(*) FROM events GROUP BY type`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var kind string
		var n int
		if err := rows.Scan(&kind, &n); err != nil {
			t.Fatal(err)
		}
		out[kind] = n
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// sumOf adds the counts of the event types that start with prefix.
func sumOf(types map[string]int, prefix string) int {
	n := 0
	for kind, c := range types {
		if strings.HasPrefix(kind, prefix) {
			n += c
		}
	}
	return n
}

// near checks that n of total is the issue's share, give or take a third.
func near(t *testing.T, what string, n, total int, want float64) {
	t.Helper()
	if got := float64(n) / float64(total); got < want*2/3 || got > want*4/3 {
		t.Errorf("%s: %d of %d events (%.1f%%), want about %.1f%%", what, n, total, got*100, want*100)
	}
}

// demoLawyerHasShare: the demo lawyer is responsible for some matters and
// on the team of more, by name or through processratt, but not all.
func demoLawyerHasShare(t *testing.T, in *instance, matters int) {
	t.Helper()
	var lawyer string
	for _, d := range demoAccounts {
		if d.role == access.RoleLawyer {
			lawyer = d.id
		}
	}
	var responsible, onTeam int
	in.queryRow(`SELECT count(*) FROM events WHERE type = 'matter.MatterOpened'
		AND convert_from(data, 'UTF8')::jsonb->>'responsible_lawyer' = $1`, []any{lawyer}, &responsible)
	in.queryRow(`SELECT count(*) FROM events WHERE type = 'matter.TeamChanged'
		AND (convert_from(data, 'UTF8')::jsonb->'members' ? $1 OR convert_from(data, 'UTF8')::jsonb->'teams' ? 'processratt')`,
		[]any{lawyer}, &onTeam)
	if responsible == 0 || onTeam <= responsible || onTeam >= matters {
		t.Errorf("the demo lawyer is responsible for %d and on the team of %d of %d matters; want a share", responsible, onTeam, matters)
	}
}

// nothingInClear: the names, e-mail addresses and organisations the plan
// invented are sealed in every event (the codec's work, which the
// generator must not get around).
func nothingInClear(t *testing.T, in *instance) {
	t.Helper()
	plan := newDemoPlan(demoScale{asked: true, events: 3000, writers: 3, seed: 1}, time.Now())
	var needles []string
	for i := range 20 {
		person, org := plan.contact(i)
		if org != nil {
			needles = append(needles, org.Name, org.Organisationsnummer)
			continue
		}
		needles = append(needles, person.FamilyName, person.GivenName+" "+person.FamilyName)
		for _, e := range person.Emails {
			needles = append(needles, e.Address)
		}
	}
	for _, needle := range needles {
		if utf8.RuneCountInString(needle) < 6 && utf8.ValidString(needle) && len(needle) == utf8.RuneCountInString(needle) {
			continue // short and ASCII: ciphertext in base64 holds it by chance
		}
		var n int
		in.queryRow(`SELECT count(*) FROM events WHERE position($1 in convert_from(data, 'UTF8')) > 0
			OR position($1 in metadata::text) > 0`, []any{needle}, &n)
		if n > 0 {
			t.Errorf("%d events hold %q in clear", n, needle)
		}
	}
}

// refusedSecondRun: a log with events is never added to.
func refusedSecondRun(t *testing.T, in *instance, total int) {
	t.Helper()
	_, errOut, code := in.run("demo-data", "--scale", "3000")
	if code == 0 || !strings.Contains(errOut, "the log already has events") {
		t.Errorf("second demo-data --scale: exit %d, stderr %q; want a refusal", code, errOut)
	}
	if after := sumOf(eventTypes(t, in), ""); after != total {
		t.Errorf("the refused run wrote %d events", after-total)
	}
}
