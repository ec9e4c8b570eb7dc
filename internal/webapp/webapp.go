// Package webapp is the one assembly of Klient's web edge: from the app's
// parts it builds every context's dependencies (klienthttp.Deps), with
// their command handlers and read models. `klient serve` (cmd/klient) and
// the web edge's tests (package http_test, over internal/apptest) both
// build through it, so the web edge has no second composition root:
// cmd/klient adds the firm's settings (retention schedule, access-package
// options, single sign-on) and serves; the tests add theirs (a synchronous
// erasure verification, a small upload limit).
//
// May import what cmd/klient's wiring of the web edge imports: the command
// and read-model packages, crypto, the event store's types, the
// projections runtime, http and its contexts, and internal/erasure.
package webapp

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	contactcmd "github.com/klient-crm/klient/commands/contact"
	gdprcmd "github.com/klient-crm/klient/commands/gdpr"
	staffcmd "github.com/klient-crm/klient/commands/staff"
	workcmd "github.com/klient-crm/klient/commands/work"
	klientcrypto "github.com/klient-crm/klient/crypto"
	"github.com/klient-crm/klient/crypto/credentials"
	"github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/eventstore"
	klienthttp "github.com/klient-crm/klient/http"
	authpages "github.com/klient-crm/klient/http/auth"
	"github.com/klient-crm/klient/http/casework"
	"github.com/klient-crm/klient/http/web"
	"github.com/klient-crm/klient/projections"
	cddmodel "github.com/klient-crm/klient/projections/cdd"
	"github.com/klient-crm/klient/projections/subjectexport"
)

// Parts are the app's long-lived parts the web edge is built over:
// cmd/klient opens them for `klient serve`, internal/apptest for the web
// edge's tests.
type Parts struct {
	Pool    *pgxpool.Pool         // the read models' database
	Store   eventstore.Store      // the log
	Codec   *eventstore.Codec     // seals and opens personal fields
	Keys    *klientcrypto.Keyring // documents' bytes; the erasure executor shreds with it
	Runtime *projections.Runtime  // read-your-writes, readiness, an erasure's verification
	Secrets *credentials.Store    // passwords, sessions, API tokens, the login throttle
	Logger  *slog.Logger
	Clock   func() time.Time // the commands' clock

	// The command repositories the app holds for its other verbs too;
	// the web edge's own (walls, matters, communications, documents) are
	// made here.
	Contacts *contactcmd.Contacts // as the app guards it (a restriction binds)
	Staff    *staffcmd.Staff
	Work     *workcmd.Work
	Subjects *gdprcmd.Subjects
	Requests *gdprcmd.Requests
}

// Options are the firm's settings, and what a caller puts in place of
// the assembly's own.
type Options struct {
	// Retention is the firm's schedule: it decides what holds an erasure
	// back, for the web edge's planner and executor alike (retention runs
	// by it too).
	Retention gdpr.RetentionRules
	// Export is what an access package states beside the read models: the
	// firm, its recipients and processors, its schedule.
	Export subjectexport.Options
	// OIDC is the optional single sign-on provider; nil turns it off.
	OIDC authpages.OIDCProvider
	// VerifyErasure, when set, replaces the verification the web edge
	// starts after an erasure's response (in the background, as the
	// scheduler's: it may wait minutes for a slow projector).
	VerifyErasure func(context.Context, gdprcmd.ErasureResult)
	// TombstoneJournal is where an erasure records the destroyed key
	// before it is reported done (backup.JournalIn(dataDir) by default
	// for `klient serve`); required.
	TombstoneJournal string
	// ConflictDepth is how many links between contacts a conflict check
	// follows; 0 means conflicts.DefaultDepth.
	ConflictDepth int
	// DueDiligenceAreas are the practice areas whose matters open only
	// with an approved due-diligence record ("*": all; none: the gate is
	// off). See mattercmd.MatterConfig.
	DueDiligenceAreas []string
	// DueDiligenceReviews are how often an approved due-diligence record
	// falls due for review; 0 months: 12 for high risk, 36 for others.
	DueDiligenceReviews cddmodel.ReviewPeriods
	// AccessReviewMonths is how often the access review falls due; 0
	// means every 6 months.
	AccessReviewMonths int
	// WebhookAllowPrivate accepts webhook addresses over plain HTTP and
	// on private or loopback addresses (KLIENT_WEBHOOK_ALLOW_PRIVATE;
	// development and tests only).
	WebhookAllowPrivate bool
	// CampaignClientMonths is the firm's choice to include existing
	// clients in campaigns under legitimate interest, with an opt-out in
	// every e-mail: the clients of matters open now or closed within this
	// many months (KLIENT_CAMPAIGN_CLIENT_MONTHS); 0 turns it off, so a
	// campaign goes on consent alone.
	CampaignClientMonths int
	// PublicURL is the firm's address for the links of a scheduled
	// campaign (KLIENT_PUBLIC_URL); empty refuses scheduling.
	PublicURL string
}

// Deps builds every context's dependencies over p, for a web edge
// configured by cfg (whose upload limit the documents' commands enforce
// too). klienthttp.NewServer checks that nothing is missing.
func Deps(ctx context.Context, cfg klienthttp.Config, p Parts, o Options) (klienthttp.Deps, error) {
	b := assembly{Parts: p, Options: o, cfg: cfg.WithDefaults()}
	d := klienthttp.Deps{
		Contacts:     web.ContactsReadModel(p.Pool),
		Projections:  p.Runtime,
		Ready:        ready(p.Runtime),
		Staff:        web.StaffReadModel(p.Pool),
		Credentials:  p.Secrets,
		Throttle:     p.Secrets.Throttle(),
		AccessLog:    web.AccessLogStore(p.Pool, p.Keys),
		OIDC:         o.OIDC,
		Reports:      b.reports(),
		Integrations: b.integrations(),
		Logger:       p.Logger,
	}
	var errs [9]error
	d.People, errs[0] = b.people(ctx)
	d.Access, errs[1] = b.accessCommands()
	d.Casework, errs[2] = b.casework()
	d.Requests, errs[3] = b.requests()
	d.Audit, errs[4] = b.audit()
	d.Templates, errs[5] = workcmd.NewWorkflowTemplateHandler(p.Work)
	d.Registers, errs[6] = b.registers()
	d.Letters, errs[7] = b.letterTemplates()
	d.DueDiligence, errs[8] = b.dueDiligence()
	if err := errors.Join(errs[:]...); err != nil {
		return klienthttp.Deps{}, err
	}
	return d, nil
}

// Casework is the casework context's dependencies alone, as Deps builds
// them: `klient demo-data --scale` writes through the handlers the matter
// pages use.
func Casework(cfg klienthttp.Config, p Parts) (casework.Deps, error) {
	return assembly{Parts: p, cfg: cfg.WithDefaults()}.casework()
}

// ready is /readyz's question: the database answers, every projector runs
// on some instance (after an outage they take their locks again before a
// load balancer sends writers whose pages wait for them), and none has
// stopped on a poison event.
func ready(rt *projections.Runtime) func(context.Context) error {
	return func(ctx context.Context) error {
		statuses, err := rt.Health(ctx) // never reads the log
		if err != nil {
			return err
		}
		for _, s := range statuses {
			switch {
			case s.Status == projections.StatusFailed:
				return fmt.Errorf("projector %s has stopped", s.Name)
			case s.Status == projections.StatusRebuilding:
				return fmt.Errorf("projector %s is being rebuilt", s.Name)
			case !s.Running:
				return fmt.Errorf("projector %s runs on no instance yet", s.Name)
			}
		}
		return nil
	}
}
