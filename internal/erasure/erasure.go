// Package erasure carries out erasures (art. 17): it wires the executor
// (commands' EraseSubjectHandler) to the key ring, the documents, the
// read models' census and the certificate ledger; runs the scheduler that
// erases, every few minutes, what has fallen due (approved requests, and
// held ones on their day); and verifies an erasure once every projector
// has applied it. `klient serve`, `klient erasure run-due` and the web
// edge's approval use it, and retention erases through its executor.
//
// May import: commands, the key ring, the domain, the event store's
// types, the projections runtime and read models.
package erasure

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	contactcmd "github.com/klient-crm/klient/commands/contact"
	gdprcmd "github.com/klient-crm/klient/commands/gdpr"
	"github.com/klient-crm/klient/commands/journal"
	klientcrypto "github.com/klient-crm/klient/crypto"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/projections"
	"github.com/klient-crm/klient/projections/contacts"
	"github.com/klient-crm/klient/projections/documents"
	gdprmodel "github.com/klient-crm/klient/projections/gdpr"
	"github.com/klient-crm/klient/projections/matters"
	"github.com/klient-crm/klient/projections/outbox"
	"github.com/klient-crm/klient/projections/staff"
	"github.com/klient-crm/klient/projections/subjectexport"
)

// Interval is how often the scheduler looks for erasures due;
// VerifyWait bounds its wait for the projectors to apply one.
const (
	Interval   = 5 * time.Minute
	VerifyWait = 2 * time.Minute
)

// scheduler is the system actor the scheduler's events record.
var scheduler = journal.Actor{ID: "erasure-scheduler"}

// Jobs are the app's parts an erasure goes through.
type Jobs struct {
	Pool    *pgxpool.Pool // read models
	Store   eventstore.Store
	Codec   *eventstore.Codec
	Keys    *klientcrypto.Keyring
	Runtime *projections.Runtime
	Log     *slog.Logger
	Clock   func() time.Time // now, for the scheduler and the verification
	// Journal records a destroyed key outside every backup (the tombstone
	// journal, backup.Journaller) before the erasure is reported
	// done; required.
	Journal func(klientcrypto.Tombstone) error
}

// Executor is the erasure executor on clock, weighing holds by rules (the
// firm's schedule, which retention runs by too).
func (j Jobs) Executor(rules gdpr.RetentionRules, clock func() time.Time) (*gdprcmd.EraseSubjectHandler, error) {
	if j.Journal == nil {
		return nil, errors.New("erasure: a tombstone journal is required: without it a restore brings an erased person back")
	}
	subjects, err1 := gdprcmd.NewSubjects(j.Store, j.Codec, clock, gdpr.DefaultPurposes)
	requests, err2 := gdprcmd.NewRequests(j.Store, j.Codec, clock)
	if err := errors.Join(err1, err2); err != nil {
		return nil, err
	}
	planner, err := gdprcmd.NewRequestErasureHandler(subjects, requests, matters.NewSubjectFacts(j.Pool), rules)
	if err != nil {
		return nil, err
	}
	return gdprcmd.NewEraseSubjectHandler(gdprcmd.EraseSubjectDeps{Subjects: subjects, Requests: requests,
		Planner: planner, Shredder: personShredder{keyShredder{j.Keys, j.Journal}, heldMail{j.Keys, j.Pool}}, Documents: documents.NewEraser(j.Pool),
		Records: subjectexport.NewRecords(j.Pool, j.Runtime.Residue), Ledger: erasureLedger{gdprmodel.NewLedger(j.Pool)},
		Mentions: mentionFinder{pool: j.Pool, rt: j.Runtime, keys: j.Keys}, HeldMail: heldMail{j.Keys, j.Pool}})
}

// RunScheduler carries out the erasures that fall due, every Interval,
// until ctx ends: serve runs it beside the projectors.
func (j Jobs) RunScheduler(ctx context.Context, rules gdpr.RetentionRules) {
	h, err := j.Executor(rules, j.Clock)
	if err != nil {
		j.Log.Error("erasure scheduler not started", "error", err)
		return
	}
	tick := time.NewTicker(Interval)
	defer tick.Stop()
	for {
		j.EraseDue(ctx, h, j.Clock())
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// EraseDue erases with h each subject due at t and verifies it, then
// rewrites once what the erasures touched. The log gets request IDs and
// counts only.
func (j Jobs) EraseDue(ctx context.Context, h *gdprcmd.EraseSubjectHandler, t time.Time) (done, failed int) {
	due, err := gdprmodel.DueErasures(ctx, j.Pool, t)
	if err != nil {
		j.Log.Error("erasures due: cannot list", "error", err)
		return 0, 1
	}
	var applied []gdprcmd.ErasureResult
	for _, d := range due {
		res, err := h.Handle(ctx, gdprcmd.EraseSubject{Actor: scheduler, SubjectID: d.SubjectID, RequestID: d.RequestID})
		if err != nil {
			failed++
			j.Log.Warn("erasure not carried out", "request_id", d.RequestID, "error", err)
			continue
		}
		done++
		j.Log.Info("subject erased", "request_id", d.RequestID, "events_unreadable", subjectexport.Total(res.EventsUnreadable),
			"rows_erased", subjectexport.Total(res.RowsErased), "documents_deleted", res.DocumentsDeleted,
			"held_mail_destroyed", res.HeldMailDestroyed)
		if j.verify(ctx, res) {
			applied = append(applied, res)
		}
	}
	j.rewrite(ctx, applied...)
	return done, failed
}

// Verify waits (at most VerifyWait) for every projector to apply the
// erasure, counts what is left and files it with the certificate (all
// zeros, or an alarm in the log), then rewrites the tables the erasure
// touched and the key table, so the person's bytes leave the database's
// files too.
func (j Jobs) Verify(ctx context.Context, res gdprcmd.ErasureResult) {
	if j.verify(ctx, res) {
		j.rewrite(ctx, res)
	}
}

// verify is Verify's check; it reports whether every projector applied
// the erasure.
func (j Jobs) verify(ctx context.Context, res gdprcmd.ErasureResult) bool {
	wait, cancel := context.WithTimeout(ctx, VerifyWait)
	defer cancel()
	for _, name := range j.Runtime.Projectors() {
		if err := j.Runtime.WaitFor(wait, name, res.Position); err != nil {
			j.Log.Warn("erasure not verified yet: a read model is behind", "request_id", res.RequestID, "projector", name)
			return false
		}
	}
	residue, err := j.Runtime.Residue(ctx, res.SubjectID)
	if err == nil {
		err = gdprmodel.NewLedger(j.Pool).Verify(ctx, res.RequestID, residue, j.Clock())
	}
	if err != nil || subjectexport.Total(residue) > 0 {
		j.Log.Error("erasure left rows behind", "request_id", res.RequestID, "rows", residue, "error", err)
	}
	return true
}

// rewrite rewrites the tables of every read model the census found the
// erased people in, and the key table (pgrewrite): a blanked row's bytes
// stay in its page until the page is rewritten. Each table holds its
// readers off meanwhile; docs/gdpr.md has the figures.
func (j Jobs) rewrite(ctx context.Context, erased ...gdprcmd.ErasureResult) {
	if len(erased) == 0 {
		return
	}
	var models []string
	pos := erased[0].Position
	for _, res := range erased {
		for name, rows := range res.RowsErased {
			if rows > 0 && !slices.Contains(models, name) {
				models = append(models, name)
			}
		}
		if pos.Less(res.Position) {
			pos = res.Position
		}
	}
	slices.Sort(models)
	began := time.Now()
	if err := errors.Join(j.Runtime.RewriteErased(ctx, pos, models, VerifyWait), j.Keys.RewriteStore(ctx)); err != nil {
		j.Log.Error("erased rows not yet rewritten out of the database's files", "erasures", len(erased), "error", err)
		return
	}
	j.Log.Info("erased rows rewritten out of the database's files", "erasures", len(erased), "read_models", models,
		"took", time.Since(began).Round(time.Millisecond))
}

// DPOCheck answers the restriction guard from the staff read model: only
// an active data-protection officer may change a restricted contact's
// data (a held erasure restricts its subject until the erasure's day).
func DPOCheck(pool *pgxpool.Pool) contactcmd.DPOCheck {
	return func(ctx context.Context, actor journal.Actor) (bool, error) {
		m, err := staff.Get(ctx, pool, actor.ID)
		if domain.IsKind(err, domain.KindNotFound) || domain.IsKind(err, domain.KindErased) {
			return false, nil
		}
		return err == nil && m.Active && slices.Contains(m.Roles, access.RoleDPO), err
	}
}

// keyShredder adapts the key ring's tombstone to the commands' port, and
// writes it to the tombstone journal before the erasure goes on: a key
// destroyed but not journalled would come back with the next restore.
type keyShredder struct {
	keys    *klientcrypto.Keyring
	journal func(klientcrypto.Tombstone) error
}

func (s keyShredder) Shred(ctx context.Context, subject string) (gdprcmd.KeyTombstone, error) {
	ts, err := s.keys.Shred(ctx, subject)
	if err == nil {
		if jerr := s.journal(ts); jerr != nil {
			err = fmt.Errorf("erasure: the key is destroyed but not yet in the tombstone journal: %w", jerr)
		}
	}
	return gdprcmd.KeyTombstone{Fingerprint: ts.Fingerprint, KeyID: ts.KeyID, ShreddedAt: ts.ShreddedAt}, err
}

// ShredKey is Shred for a redaction (commands/journal.KeyShredder): the
// entry key of a redacted text is journalled like a person's, or a restore
// would make the old text readable again.
func (s keyShredder) ShredKey(ctx context.Context, subject string) error {
	_, err := s.Shred(ctx, subject)
	return err
}

// personShredder destroys a person's key, and first the incoming e-mail
// held for review (projections/outbox's mail_held) that came from or went
// to one of their addresses: it is nobody's record until filed, so only
// the addresses tie it to them, and those are read while their contact
// still holds them. Each such message goes whole, for the others it names
// too: it is sealed as one, with a key of its own, and nobody has filed
// it. A retry after the key went finds nothing more, as the held mail
// went before it.
type personShredder struct {
	keyShredder
	held heldMail
}

func (s personShredder) Shred(ctx context.Context, subject string) (gdprcmd.KeyTombstone, error) {
	if err := s.destroyHeldMail(ctx, subject); err != nil {
		return gdprcmd.KeyTombstone{}, err
	}
	return s.keyShredder.Shred(ctx, subject)
}

func (s personShredder) destroyHeldMail(ctx context.Context, subject string) error {
	held, err := s.held.about(ctx, []string{subject})
	if err != nil {
		return err
	}
	for _, h := range held {
		// Its key first: what is left in any backup cannot be read.
		if err := s.ShredKey(ctx, outbox.HeldKey(h.ID)); err != nil {
			return err
		}
		if err := documents.DeleteBlob(ctx, s.held.pool, h.ID); err != nil {
			return err
		}
		if err := outbox.Release(ctx, s.held.pool, h.ID); err != nil {
			return err
		}
	}
	return nil
}

// heldMail finds the held incoming e-mail from or to the addresses of
// people, by the keyed hashes outbox keeps of them: the executor counts
// it for the certificate (commands' HeldMail port), personShredder
// destroys it.
type heldMail struct {
	keys *klientcrypto.Keyring
	pool *pgxpool.Pool
}

// about lists each held message naming an address of any of subjects,
// once.
func (m heldMail) about(ctx context.Context, subjects []string) ([]outbox.HeldAbout, error) {
	var emails []string
	for _, subject := range subjects {
		e, err := contacts.EmailsOf(ctx, m.pool, subject)
		if err != nil {
			return nil, err
		}
		emails = append(emails, e...)
	}
	if len(emails) == 0 {
		return nil, nil
	}
	key, err := m.keys.IndexKey(ctx, outbox.HeldAddressIndex)
	if err != nil {
		return nil, err
	}
	return outbox.HeldWithAddresses(ctx, m.pool, outbox.AddressMACs(key, emails))
}

func (m heldMail) HeldMailOf(ctx context.Context, subjects []string) (int64, error) {
	held, err := m.about(ctx, subjects)
	return int64(len(held)), err
}

// KeyShredder is the key ring's Shred with the tombstone journal, for the
// redaction commands.
func (j Jobs) KeyShredder() journal.KeyShredder { return keyShredder{j.Keys, j.Journal} }

// erasureLedger adapts the certificate table to the commands' port.
type erasureLedger struct{ l gdprmodel.Ledger }

func (l erasureLedger) Open(ctx context.Context, o gdprcmd.ErasureOpening) error {
	return l.l.Open(ctx, openingOf(o))
}

func (l erasureLedger) KeyDestroyed(ctx context.Context, erasureID string, ts gdprcmd.KeyTombstone) error {
	return l.l.KeyDestroyed(ctx, erasureID, gdprmodel.KeyDestruction{Fingerprint: ts.Fingerprint, KeyID: ts.KeyID,
		DestroyedAt: ts.ShreddedAt})
}
