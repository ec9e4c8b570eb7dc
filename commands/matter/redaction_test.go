package matter_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/klient-crm/klient/commands/journal"
	mattercmd "github.com/klient-crm/klient/commands/matter"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/matter"
	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/projections/matters"
)

// keyringShredder destroys keys straight through the key ring, as
// retention's DestroyMatterFile does (production journals a redaction's
// tombstone too; internal/erasure).
type keyringShredder struct{ w *matterWorld }

func (s keyringShredder) ShredKey(ctx context.Context, subject string) error {
	_, err := s.w.keyring.Shred(ctx, subject)
	return err
}

// A matter whose title, description and reopening reason were redacted is
// still a file retention can end (docs/gdpr.md, "Entry keys"): the
// redaction destroys the key of the old wording and leaves the matter
// readable (a rebuilt read model too), and shredding
// the matter's own key afterwards makes the aggregate refuse changes and
// the rebuilt read model say the matter is erased, with no text left —
// though nothing in the matter's details is sealed with that key any more
// (the opening's sealed number is the sign).
func TestARedactedMatterStillGoesWithItsFile(t *testing.T) {
	t.Parallel()
	w := newMatterWorld(t)
	ctx := context.Background()
	res := w.intake(t, w.lawyer(t), w.person(t, "Klara", "Klient", ""), w.person(t, "Otto", "Motpart", ""))
	details, err := mattercmd.NewMatterDetailsHandler(w.matters)
	must(t, err)
	res, err = details.HandleDetails(ctx, mattercmd.ChangeMatterDetails{Actor: staff, MatterID: res.MatterID, ExpectedVersion: res.Version,
		Title: "Hyrestvist med Zoltrix", Description: "Zoltrix hyr ut.", PracticeArea: "fastighetsrätt"})
	must(t, err)
	w.wrote(res.Position)
	id := res.MatterID
	lifecycle, err := mattercmd.NewMatterLifecycleHandler(w.matters)
	must(t, err)
	res, err = lifecycle.HandleClose(ctx, mattercmd.ChangeMatterStatus{Actor: staff, MatterID: id, ExpectedVersion: res.Version})
	must(t, err)
	res, err = lifecycle.HandleReopen(ctx, mattercmd.ChangeMatterStatus{Actor: staff, MatterID: id, ExpectedVersion: res.Version,
		Reason: "Zoltrix överklagade"})
	must(t, err)
	redact, err := mattercmd.NewRedactDetailsHandler(w.matters, keyringShredder{w})
	must(t, err)
	res, err = redact.Handle(ctx, mattercmd.RedactMatterDetails{Actor: staff, MatterID: id, ExpectedVersion: res.Version,
		Details: matter.Details{Title: "Hyrestvist med [raderad person]"}, Reasons: []string{"[raderad person] överklagade"}})
	must(t, err)
	w.wrote(res.Position)

	j, err := journal.New("test", w.store, w.codec, func() time.Time { return today })
	must(t, err)
	envs, err := w.store.ReadStream(ctx, matter.StreamName(id), 0, 100)
	must(t, err)
	for _, env := range envs {
		d, err := w.codec.Decode(ctx, env)
		must(t, err)
		if strings.Contains(strings.ToLower(eventText(t, d)), "zoltrix") {
			t.Errorf("%s still opens to the old wording", env.Type)
		}
	}
	m, _, err := mattercmd.Load(ctx, &j, id)
	must(t, err)
	if m.Erased() || m.Details().Title != "Hyrestvist med [raderad person]" {
		t.Fatalf("after the redaction the matter is erased=%v with %+v", m.Erased(), m.Details())
	}
	if got := w.readMatter(t, id); got.Erased || got.Title != "Hyrestvist med [raderad person]" || got.Description != "" {
		t.Fatalf("the read model after the redaction: %+v", got)
	}
	// A rebuild reads the same: the reopening's reason from the redaction.
	must(t, w.rt.Rebuild(ctx, matters.Name, nil))
	reasons, err := matters.ReopenReasons(ctx, w.pool, id)
	must(t, err)
	if got := w.readMatter(t, id); got.Title != "Hyrestvist med [raderad person]" || len(reasons) != 1 || reasons[0] != "[raderad person] överklagade" {
		t.Fatalf("the rebuilt read model after the redaction: %+v, reasons %q", got, reasons)
	}

	_, err = w.keyring.Shred(ctx, matter.Subject(id)) // retention ends the file
	must(t, err)
	m, _, err = mattercmd.Load(ctx, &j, id)
	must(t, err)
	if !m.Erased() || m.Details() != (matter.Details{}) {
		t.Errorf("after the file's key went the matter is erased=%v with %+v", m.Erased(), m.Details())
	}
	if _, err := details.HandleDetails(ctx, mattercmd.ChangeMatterDetails{Actor: staff, MatterID: id, ExpectedVersion: m.Version(),
		Title: "Ny rubrik", PracticeArea: "fastighetsrätt"}); !domain.IsKind(err, domain.KindErased) {
		t.Errorf("a change of an erased matter: %v", err)
	}
	must(t, w.rt.Rebuild(ctx, matters.Name, nil))
	got, err := matters.Get(ctx, w.pool, id)
	if !domain.IsKind(err, domain.KindErased) || !got.Erased || got.Title != "" {
		t.Errorf("the rebuilt read model: %+v, %v", got, err)
	}
	if reasons, err := matters.ReopenReasons(ctx, w.pool, id); err != nil || len(reasons) != 0 {
		t.Errorf("the reasons of an erased matter: %q, %v", reasons, err)
	}
}

func eventText(t *testing.T, d eventstore.Decoded) string {
	t.Helper()
	b, err := json.Marshal(d.Event)
	must(t, err)
	return string(b)
}
