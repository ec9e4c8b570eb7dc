package requests

import (
	"context"
	"time"

	commcmd "github.com/klient-crm/klient/commands/communication"
	gdprcmd "github.com/klient-crm/klient/commands/gdpr"
	mattercmd "github.com/klient-crm/klient/commands/matter"
	workcmd "github.com/klient-crm/klient/commands/work"
	"github.com/klient-crm/klient/http/web"
	dpomodel "github.com/klient-crm/klient/projections/dpo"
	gdprmodel "github.com/klient-crm/klient/projections/gdpr"
)

// Deps is what the pages of the register of data-subject requests,
// access packages, erasure and the deletion log need. Every field is
// required.
type Deps struct {
	Receive  web.Handles[gdprcmd.ReceiveRequest, gdprcmd.RequestResult]
	Verify   web.Handles[gdprcmd.VerifyRequestIdentity, gdprcmd.RequestResult]
	Extend   web.Handles[gdprcmd.ExtendRequestDeadline, gdprcmd.RequestResult]
	Complete web.Handles[gdprcmd.CompleteRequest, gdprcmd.RequestResult]
	Refuse   web.Handles[gdprcmd.RefuseRequest, gdprcmd.RequestResult]
	// Plan weighs an erasure request against the statutory holds;
	// Erase carries out an approved one (the same executor as the
	// scheduler's).
	Plan  web.Handles[gdprcmd.RequestErasure, gdprcmd.ErasurePlan]
	Erase web.Handles[gdprcmd.EraseSubject, gdprcmd.ErasureResult]
	// VerifyErasure checks that nothing of the subject is left once every
	// read model has applied the erasure, and files the count with the
	// certificate. It must return promptly: production starts the check in
	// the background (it may wait minutes for a slow projector).
	VerifyErasure func(ctx context.Context, res gdprcmd.ErasureResult)
	Register      RequestRegister
	// RedactCommunication, RedactTask and RedactNote redact a mention an
	// erasure found (docs/gdpr.md); Mentions records the redaction on the
	// erasures that listed the entry.
	RedactCommunication web.Handles[commcmd.RedactCommunication, commcmd.CommunicationResult]
	RedactTask          web.Handles[workcmd.RedactTaskText, workcmd.WorkResult]
	RedactNote          web.Handles[mattercmd.RedactMatterNote, mattercmd.MatterResult]
	// RedactPurpose makes an access-log entry's purpose unreadable in
	// every copy (accesslog.RedactPurpose, its keys destroyed journalled).
	RedactPurpose func(ctx context.Context, entryID int64) error
	Mentions      MentionLedger
	// Breaches are the breach register's running 72-hour clocks, which
	// the start page shows first, read at Clock (the commands' clock).
	Breaches BreachClocks
	Clock    func() time.Time
}

// MentionLedger records that a mentioned entry was redacted
// (projections/gdpr's Ledger).
type MentionLedger interface {
	MentionRedacted(ctx context.Context, entryID, by string, at time.Time) error
}

// BreachClocks lists the breaches whose 72-hour clock runs
// (dpomodel.Running over the database), and the processors whose review
// falls due by a day (dpomodel.ReviewsDue), and the impact assessments
// likewise (dpomodel.ImpactReviewsDue), and the next access review.
type BreachClocks interface {
	Running(ctx context.Context) ([]dpomodel.Breach, error)
	ReviewsDue(ctx context.Context, by time.Time) ([]dpomodel.Processor, error)
	ImpactReviewsDue(ctx context.Context, by time.Time) ([]dpomodel.ImpactAssessment, error)
	// AccessReviewDue is when the next access review is due (found false:
	// none was ever completed) and the one under way.
	AccessReviewDue(ctx context.Context) (due time.Time, found bool, open string, err error)
	// SpecialCategoriesInUse counts the documents marked with each special
	// category (art. 9, 10).
	SpecialCategoriesInUse(ctx context.Context) ([]dpomodel.SpecialCategoryCount, error)
}

func (d Deps) Validate(check func(ok bool, name string)) {
	check(web.Present(d.Receive), "Requests.Receive")
	check(web.Present(d.Verify), "Requests.Verify")
	check(web.Present(d.Extend), "Requests.Extend")
	check(web.Present(d.Complete), "Requests.Complete")
	check(web.Present(d.Refuse), "Requests.Refuse")
	check(web.Present(d.Plan), "Requests.Plan")
	check(web.Present(d.Erase), "Requests.Erase")
	check(web.Present(d.VerifyErasure), "Requests.VerifyErasure")
	check(web.Present(d.Register), "Requests.Register")
	check(web.Present(d.RedactCommunication), "Requests.RedactCommunication")
	check(web.Present(d.RedactTask), "Requests.RedactTask")
	check(web.Present(d.RedactNote), "Requests.RedactNote")
	check(d.RedactPurpose != nil, "Requests.RedactPurpose")
	check(web.Present(d.Mentions), "Requests.Mentions")
	check(web.Present(d.Breaches), "Requests.Breaches")
	check(web.Present(d.Clock), "Requests.Clock")
}

var _ MentionLedger = gdprmodel.Ledger{}

// requestRegisterProjector is the read model of requests, erasures and certificates.
const requestRegisterProjector = "gdpr"
