package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"time"

	gdprcmd "github.com/klient-crm/klient/commands/gdpr"
	"github.com/klient-crm/klient/commands/journal"
	klientcrypto "github.com/klient-crm/klient/crypto"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/projections/documents"
	gdprmodel "github.com/klient-crm/klient/projections/gdpr"
	"github.com/klient-crm/klient/projections/matters"
	"github.com/klient-crm/klient/projections/staff"
	"github.com/klient-crm/klient/projections/subjectexport"
)

// erasureInterval is how often the scheduler looks for erasures due;
// erasureVerifyWait bounds its wait for the projectors to apply one.
const (
	erasureInterval   = 5 * time.Minute
	erasureVerifyWait = 2 * time.Minute
)

// erasureScheduler is the system actor the scheduler's events record.
var erasureScheduler = journal.Actor{ID: "erasure-scheduler"}

// wireErasure lets only the DPO change a restricted contact's data. It
// reads the subject's own stream, so a restriction binds at once.
func (a *app) wireErasure() error {
	a.contacts.WithRestrictionGuard(a.subjects, a.isDPO)
	return nil
}

func (a *app) isDPO(ctx context.Context, actor journal.Actor) (bool, error) {
	m, err := staff.Get(ctx, a.pool, actor.ID)
	if domain.IsKind(err, domain.KindNotFound) || domain.IsKind(err, domain.KindErased) {
		return false, nil
	}
	return err == nil && m.Active && slices.Contains(m.Roles, access.RoleDPO), err
}

// eraseSubjectHandler is the erasure executor on clock (now, but in tests).
func (a *app) eraseSubjectHandler(clock func() time.Time) (*gdprcmd.EraseSubjectHandler, error) {
	return a.eraserUnder(a.retention, clock)
}

// eraserUnder is the erasure executor weighing holds by rules.
func (a *app) eraserUnder(rules gdpr.RetentionRules, clock func() time.Time) (*gdprcmd.EraseSubjectHandler, error) {
	subjects, err1 := gdprcmd.NewSubjects(a.store, a.codec, clock, gdpr.DefaultPurposes)
	requests, err2 := gdprcmd.NewRequests(a.store, a.codec, clock)
	if err := errors.Join(err1, err2); err != nil {
		return nil, err
	}
	planner, err := gdprcmd.NewRequestErasureHandler(subjects, requests, matters.NewSubjectFacts(a.pool), rules)
	if err != nil {
		return nil, err
	}
	return gdprcmd.NewEraseSubjectHandler(gdprcmd.EraseSubjectDeps{Subjects: subjects, Requests: requests,
		Planner: planner, Shredder: keyShredder{a.keyring}, Documents: documents.NewEraser(a.pool),
		Records: subjectexport.NewRecords(a.pool), Ledger: erasureLedger{gdprmodel.NewLedger(a.pool)}})
}

// runErasureScheduler carries out the erasures that fall due, every few
// minutes, until ctx ends: serve runs it beside the projectors.
func (a *app) runErasureScheduler(ctx context.Context) {
	h, err := a.eraseSubjectHandler(now)
	if err != nil {
		a.log.Error("erasure scheduler not started", "error", err)
		return
	}
	tick := time.NewTicker(erasureInterval)
	defer tick.Stop()
	for {
		a.eraseDue(ctx, h, now())
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// runErasureDue: `klient erasure run-due` carries out, once, every erasure
// due now. It runs the projectors meanwhile (as a standby if a server
// leads them), so it can verify what it did.
func runErasureDue(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) == 0 || args[0] != "run-due" {
		return errors.New("usage: klient erasure run-due")
	}
	cfg, _, err := parseConfig("erasure run-due", args[1:], stdout, nil)
	if err != nil {
		return err
	}
	a, err := openApp(ctx, cfg)
	if err != nil {
		return err
	}
	defer a.Close()
	h, err := a.eraseSubjectHandler(now)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(ctx)
	projectors := make(chan error, 1)
	go func() { projectors <- a.runtime.Run(ctx) }()
	done, failed := a.eraseDue(ctx, h, now())
	cancel()
	<-projectors
	fmt.Fprintf(stdout, "erasures carried out: %d, failed or still held: %d\n", done, failed)
	if failed > 0 {
		return fmt.Errorf("%d erasures were not carried out; the log says why", failed)
	}
	return nil
}

// eraseDue erases each subject due at t and verifies it. The log gets
// request IDs and counts only.
func (a *app) eraseDue(ctx context.Context, h *gdprcmd.EraseSubjectHandler, t time.Time) (done, failed int) {
	due, err := gdprmodel.DueErasures(ctx, a.pool, t)
	if err != nil {
		a.log.Error("erasures due: cannot list", "error", err)
		return 0, 1
	}
	for _, d := range due {
		res, err := h.Handle(ctx, gdprcmd.EraseSubject{Actor: erasureScheduler, SubjectID: d.SubjectID, RequestID: d.RequestID})
		if err != nil {
			failed++
			a.log.Warn("erasure not carried out", "request_id", d.RequestID, "error", err)
			continue
		}
		done++
		a.log.Info("subject erased", "request_id", d.RequestID, "events_unreadable", subjectexport.Total(res.EventsUnreadable),
			"rows_erased", subjectexport.Total(res.RowsErased), "documents_deleted", res.DocumentsDeleted)
		a.verifyErasure(ctx, res)
	}
	return done, failed
}

// verifyErasure waits for every projector to apply the erasure, counts
// what is left and files it with the certificate: all zeros, or an alarm.
func (a *app) verifyErasure(ctx context.Context, res gdprcmd.ErasureResult) {
	wait, cancel := context.WithTimeout(ctx, erasureVerifyWait)
	defer cancel()
	for _, name := range a.runtime.Projectors() {
		if err := a.runtime.WaitFor(wait, name, res.Position); err != nil {
			a.log.Warn("erasure not verified yet: a read model is behind", "request_id", res.RequestID, "projector", name)
			return
		}
	}
	residue, err := subjectexport.NewRecords(a.pool).RowsOf(ctx, res.SubjectID)
	if err == nil {
		err = gdprmodel.NewLedger(a.pool).Verify(ctx, res.RequestID, residue, now())
	}
	if err != nil || subjectexport.Total(residue) > 0 {
		a.log.Error("erasure left rows behind", "request_id", res.RequestID, "rows", residue, "error", err)
	}
}

// keyShredder adapts the key ring's tombstone to the commands' port.
type keyShredder struct{ keys *klientcrypto.Keyring }

func (s keyShredder) Shred(ctx context.Context, subject string) (gdprcmd.KeyTombstone, error) {
	ts, err := s.keys.Shred(ctx, subject)
	return gdprcmd.KeyTombstone{Fingerprint: ts.Fingerprint, KeyID: ts.KeyID, ShreddedAt: ts.ShreddedAt}, err
}

// erasureLedger adapts the certificate table to the commands' port.
type erasureLedger struct{ l gdprmodel.Ledger }

func (l erasureLedger) Open(ctx context.Context, o gdprcmd.ErasureOpening) error {
	return l.l.Open(ctx, gdprmodel.Opening(o))
}

func (l erasureLedger) KeyDestroyed(ctx context.Context, erasureID string, ts gdprcmd.KeyTombstone) error {
	return l.l.KeyDestroyed(ctx, erasureID, gdprmodel.KeyDestruction{Fingerprint: ts.Fingerprint, KeyID: ts.KeyID,
		DestroyedAt: ts.ShreddedAt})
}
