package communications_test

import (
	"context"
	"maps"
	"testing"
	"time"

	"github.com/klient-crm/klient/domain/communication"
	"github.com/klient-crm/klient/projections/communications"
)

// The volume counts follow every change that moves an entry in or out of
// them (logged, corrected to another kind or time, deleted, erased with
// its matter's key), and moving the window's start takes out what fell
// behind it.
func TestVolumeCountsFollowTheEntries(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	a, b := newID(), newID()
	email := logged(communication.KindEmail, 1, a, "c-1")
	call := logged(communication.KindPhoneCall, 2, a)
	letter := logged(communication.KindLetterOutgoing, 3, a)
	note := logged(communication.KindNote, 4, b)
	deleted := logged(communication.KindLetterIncoming, 5, b)
	unfiled := logged(communication.KindMeeting, 6, "", "c-2")
	for _, e := range []communication.CommunicationLogged{email, call, letter, note, deleted, unfiled} {
		w.write(e.CommunicationID, e)
	}
	w.write(letter.CommunicationID, communication.CommunicationCorrected{CommunicationID: letter.CommunicationID,
		DataSubject: letter.DataSubject, TextSubject: letter.TextSubject, Kind: communication.KindMeeting, OccurredAt: t0.Add(30 * time.Minute)})
	w.write(deleted.CommunicationID, communication.CommunicationDeleted{CommunicationID: deleted.CommunicationID})
	w.caughtUp()
	expectVolume(t, w, map[string]int{a + " email": 1, a + " phone_call": 1, a + " meeting": 1, b + " note": 1})

	_, err := w.Keys.Shred(ctx, communication.MatterSubject(b))
	must(t, err)
	must(t, w.RT.Rebuild(ctx, "communications", nil))
	expectVolume(t, w, map[string]int{a + " email": 1, a + " phone_call": 1, a + " meeting": 1})

	// Twelve months after t0 + 1 h 15 min: the corrected meeting (t0 +
	// 30 min) and the e-mail (t0 + 1 h) fall behind the start.
	later := t0.AddDate(1, 0, 0).Add(75 * time.Minute)
	must(t, communications.AdvanceVolumeWindow(ctx, w.Pool, later))
	expectVolume(t, w, map[string]int{a + " phone_call": 1})
	var starts time.Time
	must(t, w.Pool.QueryRow(ctx, `SELECT starts_at FROM communication_volume_window_v2`).Scan(&starts))
	if !starts.Equal(t0.Add(75 * time.Minute)) {
		t.Fatalf("window starts at %v", starts)
	}
	must(t, communications.AdvanceVolumeWindow(ctx, w.Pool, t0)) // never backwards
	expectVolume(t, w, map[string]int{a + " phone_call": 1})
}

// expectVolume compares the counts with want ("matter kind" → entries)
// and with a count of the entries themselves from the window's start.
func expectVolume(t *testing.T, w *world, want map[string]int) {
	t.Helper()
	stored := volumeOf(t, w, `SELECT v.matter_id, k.kind, k.n FROM communication_volume_v2 v,
		LATERAL (VALUES ('email', v.email), ('phone_call', v.phone_call), ('meeting', v.meeting),
			('letter_incoming', v.letter_incoming), ('letter_outgoing', v.letter_outgoing), ('note', v.note)) k (kind, n)
		WHERE k.n <> 0`)
	var totals int
	must(t, w.Pool.QueryRow(context.Background(), `SELECT count(*) FROM communication_volume_v2
		WHERE total <> email + phone_call + meeting + letter_incoming + letter_outgoing + note`).Scan(&totals))
	if totals != 0 {
		t.Fatalf("%d matters' totals are not the sum of their kinds", totals)
	}
	counted := volumeOf(t, w, `SELECT c.matter_id, c.kind, count(*) FROM communications_v2 c, communication_volume_window_v2 v
		WHERE c.matter_id <> '' AND NOT c.deleted AND NOT c.erased AND c.occurred_at >= v.starts_at GROUP BY 1, 2`)
	if !maps.Equal(stored, want) || !maps.Equal(counted, want) {
		t.Fatalf("volume counts %v, entries counted %v, want %v", stored, counted, want)
	}
}

func volumeOf(t *testing.T, w *world, sql string) map[string]int {
	t.Helper()
	rows, err := w.Pool.Query(context.Background(), sql)
	must(t, err)
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var matter, kind string
		var n int
		must(t, rows.Scan(&matter, &kind, &n))
		out[matter+" "+kind] = n
	}
	must(t, rows.Err())
	return out
}

// The volume counts have a column per kind of communication: an entry of
// a kind without one would stop the projector.
func TestVolumeCountsEveryKind(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	matter := newID()
	want := map[string]int{}
	for i, k := range communication.Kinds() {
		e := logged(k, i, matter)
		w.write(e.CommunicationID, e)
		want[matter+" "+string(k)] = 1
	}
	w.caughtUp()
	expectVolume(t, w, want)
}
