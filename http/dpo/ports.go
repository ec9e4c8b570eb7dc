package dpo

import (
	"context"
	"time"

	dpocmd "github.com/klient-crm/klient/commands/dpo"
	domaindpo "github.com/klient-crm/klient/domain/dpo"
	"github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/http/web"
	"github.com/klient-crm/klient/projections/communications"
	dpomodel "github.com/klient-crm/klient/projections/dpo"
)

// Deps is what the registers' pages need. Every field is required.
type Deps struct {
	Record web.Handles[dpocmd.RecordBreach, dpocmd.BreachResult]
	Assess web.Handles[dpocmd.AssessBreach, dpocmd.BreachResult]
	Decide web.Handles[dpocmd.DecideBreach, dpocmd.BreachResult]
	// SaveRecord saves the record of processing (art. 30).
	SaveRecord web.Handles[dpocmd.EditRecord, dpocmd.RecordResult]
	// SaveProcessor records a processor and its transfers (art. 28, 44–46).
	SaveProcessor web.Handles[dpocmd.RecordProcessor, dpocmd.ProcessorResult]
	// AttachAgreement stores a processor's signed agreement (a PDF,
	// sealed in the documents' store); Agreements opens it again.
	AttachAgreement web.Handles[dpocmd.AttachProcessorAgreement, dpocmd.AgreementResult]
	Agreements      AgreementFiles
	// SaveImpact records an impact assessment (art. 35), a version a save.
	SaveImpact web.Handles[dpocmd.RecordImpactAssessment, dpocmd.ImpactResult]
	// Reviews starts, decides and completes access reviews; one is due
	// ReviewEvery months after the last was completed.
	Reviews     AccessReviewer
	ReviewEvery int
	// Log says where the log ends, which the staff directory must have
	// reached before a review takes its snapshot (*projections.Runtime).
	Log LogHead
	// What the record's proposal is made from: the purposes bases and
	// consents name, the configured recipients and processors, and the
	// retention schedule.
	Purposes   []string
	Recipients []Recipient
	Retention  gdpr.RetentionRules
	// Register reads the breach register.
	Register BreachRegister
	// Controller is the firm as IMY's form names it: name,
	// organisationsnummer and how to reach the DPO.
	Controller Controller
	// Clock reads the 72-hour clocks: the commands' clock, so a test
	// that moves one moves both.
	Clock func() time.Time
}

// Controller is the firm that answers for the processing (art. 4.7).
type Controller struct {
	Name               string
	OrganisationNumber string
	Contact            string // how to reach the DPO
}

// Validate names every missing dependency.
func (d Deps) Validate(check func(ok bool, name string)) {
	check(web.Present(d.Record), "Registers.Record")
	check(web.Present(d.Assess), "Registers.Assess")
	check(web.Present(d.Decide), "Registers.Decide")
	check(web.Present(d.SaveRecord), "Registers.SaveRecord")
	check(web.Present(d.SaveProcessor), "Registers.SaveProcessor")
	check(web.Present(d.AttachAgreement), "Registers.AttachAgreement")
	check(web.Present(d.Agreements), "Registers.Agreements")
	check(web.Present(d.SaveImpact), "Registers.SaveImpact")
	check(web.Present(d.Reviews), "Registers.Reviews")
	check(d.ReviewEvery > 0, "Registers.ReviewEvery")
	check(web.Present(d.Log), "Registers.Log")
	check(len(d.Purposes) > 0, "Registers.Purposes")
	check(web.Present(d.Register), "Registers.Register")
	check(web.Present(d.Clock), "Registers.Clock")
}

// BreachRegister is the read side of the breach register;
// BreachesReadModel binds it to a database.
type BreachRegister interface {
	Breaches(ctx context.Context, f dpomodel.Filter) ([]dpomodel.Breach, error)
	Running(ctx context.Context) ([]dpomodel.Breach, error)
	Breach(ctx context.Context, id string) (dpomodel.Breach, error)
	// Affected are the people a staff account, or everyone, read or
	// changed in a window (the access log and the audit trail).
	Affected(ctx context.Context, f dpomodel.AffectedFilter) ([]dpomodel.Affected, int, error)
	// Record is the record of processing as last saved; found is false
	// before the first save.
	Record(ctx context.Context) (dpomodel.SavedRecord, bool, error)
	// RecordVersions is every saved version of it, the latest first.
	RecordVersions(ctx context.Context) ([]dpomodel.SavedRecord, error)
	// Processors, the earliest review first; Processor one of them.
	Processors(ctx context.Context) ([]dpomodel.Processor, error)
	Processor(ctx context.Context, id string) (dpomodel.Processor, error)
	ReviewsDue(ctx context.Context, by time.Time) ([]dpomodel.Processor, error)
	// ProcessorHistory is a processor's saves and agreements, the latest
	// first; ProcessorAgreement one agreement of it (another's: not found).
	ProcessorHistory(ctx context.Context, id string) ([]dpomodel.ProcessorEvent, error)
	ProcessorAgreement(ctx context.Context, processorID, documentID string) (dpomodel.ProcessorEvent, error)
	// ImpactAssessments, the latest version of each, the earliest review
	// first; ImpactHistory every version of one, the latest first.
	ImpactAssessments(ctx context.Context) ([]dpomodel.ImpactAssessment, error)
	ImpactHistory(ctx context.Context, id string) ([]dpomodel.ImpactAssessment, error)
	ImpactReviewsDue(ctx context.Context, by time.Time) ([]dpomodel.ImpactAssessment, error)
	// AccessReviews, the latest first; AccessReview one with its members;
	// AccessReviewDue when the next is due (found false: none was ever
	// completed) and the one under way; StaffToReview the active staff
	// as they stand, for a new review.
	AccessReviews(ctx context.Context) ([]dpomodel.AccessReview, error)
	AccessReview(ctx context.Context, id string) (dpomodel.AccessReview, []dpomodel.ReviewedMember, error)
	AccessReviewDue(ctx context.Context) (due time.Time, found bool, open string, err error)
	StaffToReview(ctx context.Context) ([]domaindpo.ReviewedMember, error)
	// SpecialCategoriesInUse counts the documents and the log entries
	// marked with each special category (art. 9, 10).
	SpecialCategoriesInUse(ctx context.Context) ([]dpomodel.SpecialCategoryCount, error)
}

// BreachesReadModel returns the BreachRegister over db (a *pgxpool.Pool).
func BreachesReadModel(db dpomodel.DB) BreachRegister { return breachRegister{db} }

type breachRegister struct{ db dpomodel.DB }

func (m breachRegister) Breaches(ctx context.Context, f dpomodel.Filter) ([]dpomodel.Breach, error) {
	return dpomodel.Breaches(ctx, m.db, f)
}

func (m breachRegister) Running(ctx context.Context) ([]dpomodel.Breach, error) {
	return dpomodel.Running(ctx, m.db)
}

func (m breachRegister) Breach(ctx context.Context, id string) (dpomodel.Breach, error) {
	return dpomodel.GetBreach(ctx, m.db, id)
}

func (m breachRegister) Affected(ctx context.Context, f dpomodel.AffectedFilter) ([]dpomodel.Affected, int, error) {
	return dpomodel.FindAffected(ctx, m.db, f)
}

func (m breachRegister) Record(ctx context.Context) (dpomodel.SavedRecord, bool, error) {
	return dpomodel.GetRecord(ctx, m.db)
}

func (m breachRegister) RecordVersions(ctx context.Context) ([]dpomodel.SavedRecord, error) {
	return dpomodel.RecordVersions(ctx, m.db)
}

func (m breachRegister) Processors(ctx context.Context) ([]dpomodel.Processor, error) {
	return dpomodel.Processors(ctx, m.db)
}

func (m breachRegister) Processor(ctx context.Context, id string) (dpomodel.Processor, error) {
	return dpomodel.GetProcessor(ctx, m.db, id)
}

func (m breachRegister) ReviewsDue(ctx context.Context, by time.Time) ([]dpomodel.Processor, error) {
	return dpomodel.ReviewsDue(ctx, m.db, by)
}

func (m breachRegister) ProcessorHistory(ctx context.Context, id string) ([]dpomodel.ProcessorEvent, error) {
	return dpomodel.ProcessorHistory(ctx, m.db, id)
}

func (m breachRegister) ProcessorAgreement(ctx context.Context, processorID, documentID string) (dpomodel.ProcessorEvent, error) {
	return dpomodel.ProcessorAgreement(ctx, m.db, processorID, documentID)
}

func (m breachRegister) ImpactAssessments(ctx context.Context) ([]dpomodel.ImpactAssessment, error) {
	return dpomodel.ImpactAssessments(ctx, m.db)
}

func (m breachRegister) ImpactHistory(ctx context.Context, id string) ([]dpomodel.ImpactAssessment, error) {
	return dpomodel.ImpactHistory(ctx, m.db, id)
}

func (m breachRegister) ImpactReviewsDue(ctx context.Context, by time.Time) ([]dpomodel.ImpactAssessment, error) {
	return dpomodel.ImpactReviewsDue(ctx, m.db, by)
}

func (m breachRegister) AccessReviews(ctx context.Context) ([]dpomodel.AccessReview, error) {
	return dpomodel.AccessReviews(ctx, m.db)
}

func (m breachRegister) AccessReview(ctx context.Context, id string) (dpomodel.AccessReview, []dpomodel.ReviewedMember, error) {
	return dpomodel.GetAccessReview(ctx, m.db, id)
}

func (m breachRegister) AccessReviewDue(ctx context.Context) (time.Time, bool, string, error) {
	return dpomodel.AccessReviewDue(ctx, m.db)
}

// SpecialCategoriesInUse counts the marked documents and contacts and the
// marked entries of the communication log, whose marking that log's read model
// keeps (it hides the entries by it).
func (m breachRegister) SpecialCategoriesInUse(ctx context.Context) ([]dpomodel.SpecialCategoryCount, error) {
	docs, err := dpomodel.SpecialCategoriesInUse(ctx, m.db)
	if err != nil {
		return nil, err
	}
	entries, err := communications.SpecialCategoriesInUse(ctx, m.db)
	if err != nil {
		return nil, err
	}
	var out []dpomodel.SpecialCategoryCount
	for _, c := range domaindpo.SpecialCategories {
		n := dpomodel.SpecialCategoryCount{Category: c, Entries: entries[c]}
		for _, d := range docs {
			if d.Category == c {
				n.Documents, n.Contacts = d.Documents, d.Contacts
			}
		}
		if n.Documents > 0 || n.Contacts > 0 || n.Entries > 0 {
			out = append(out, n)
		}
	}
	return out, nil
}

func (m breachRegister) StaffToReview(ctx context.Context) ([]domaindpo.ReviewedMember, error) {
	return staffToReview(ctx, m.db)
}

var (
	_ web.Handles[dpocmd.RecordImpactAssessment, dpocmd.ImpactResult]      = (*dpocmd.RecordImpactAssessmentHandler)(nil)
	_ web.Handles[dpocmd.RecordProcessor, dpocmd.ProcessorResult]          = (*dpocmd.RecordProcessorHandler)(nil)
	_ web.Handles[dpocmd.AttachProcessorAgreement, dpocmd.AgreementResult] = (*dpocmd.AttachProcessorAgreementHandler)(nil)
	_ web.Handles[dpocmd.EditRecord, dpocmd.RecordResult]                  = (*dpocmd.EditRecordHandler)(nil)
	_ BreachRegister                                                       = breachRegister{}
	_ web.Handles[dpocmd.RecordBreach, dpocmd.BreachResult]                = (*dpocmd.RecordBreachHandler)(nil)
	_ web.Handles[dpocmd.AssessBreach, dpocmd.BreachResult]                = (*dpocmd.AssessBreachHandler)(nil)
	_ web.Handles[dpocmd.DecideBreach, dpocmd.BreachResult]                = (*dpocmd.DecideBreachHandler)(nil)
)

// breachProjector is the read model the pages wait for after a write.
const breachProjector = "dpo"
