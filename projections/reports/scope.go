package reports

import (
	"strconv"
	"time"

	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/projections"
)

// Scope is whose report is being counted and when.
type Scope struct {
	// Viewer is the member the need-to-know rule (matter.Visible) is
	// applied for, unless FirmWide.
	Viewer access.Viewer
	// FirmWide counts every matter: for analysts and the DPO, who see
	// aggregate counts but no matter titles. Walls still apply.
	FirmWide bool
	// Walls are the records a wall keeps the viewer away from.
	Walls []access.Target
	// Titles lets the communication report return matter titles; only
	// for those who work on matters.
	Titles bool
	// Now is the report's moment; today and this week are its Stockholm
	// calendar days.
	Now time.Time
}

// stockholm is the zone days, weeks and months are counted in.
var stockholm = mustZone("Europe/Stockholm")

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic("reports: " + err.Error())
	}
	return loc
}

// today is the scope's Stockholm calendar day, at midnight UTC, so pgx
// sends it as a plain date.
func (s Scope) today() time.Time {
	y, m, d := s.Now.In(stockholm).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// weekEnd is the Sunday that ends today's (Monday-first) week.
func (s Scope) weekEnd() time.Time {
	t := s.today()
	return t.AddDate(0, 0, (7-int(t.Weekday()))%7)
}

// args collects a query's parameters and names their placeholders.
type args []any

func (a *args) add(v any) string {
	*a = append(*a, v)
	return "$" + strconv.Itoa(len(*a))
}

// visible is the condition on matters_v1 m that the scope may count: the
// need-to-know rule in SQL (served by the read model's GIN indexes)
// unless firm-wide, and always the walls, on the matter or its clients;
// an erased matter is not counted.
func (s Scope) visible(a *args) string {
	matters, contacts := access.WalledIDs(s.Walls)
	scope := projections.Scope{StaffID: s.Viewer.StaffID, Teams: s.Viewer.Teams, Everyone: s.FirmWide,
		WalledMatters: matters, WalledContacts: contacts}
	return scope.Matter("m", a.add) + " AND NOT m.erased"
}

// hiddenPerson is true of a person (staff ID) reports must not name:
// erased, or restricted in the GDPR register.
const hiddenPerson = `EXISTS (SELECT 1 FROM gdpr_subjects_v1 g WHERE g.subject_id = %s AND (g.restricted OR g.erased))`
