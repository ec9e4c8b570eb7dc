package access

// Action is something a request does. Every route names exactly one.
type Action string

// The actions. Record-level rules (teams, grants, walls) come on top: a
// role that allows contact.view still sees no walled-off client.
const (
	ContactView    Action = "contact.view"    // open a contact's page or API record
	ContactSearch  Action = "contact.search"  // list and search contacts
	ContactCreate  Action = "contact.create"  // register a person or organisation
	ContactEdit    Action = "contact.edit"    // change details, affiliations
	ContactArchive Action = "contact.archive" // archive and reactivate
	StaffManage    Action = "staff.manage"    // accounts, roles, teams, API tokens
	WallManage     Action = "wall.manage"     // erect and lift ethical walls
	AccessLogView  Action = "accesslog.view"  // search who looked at whose data
	AuditView      Action = "audit.view"      // history, replay, verification
	ReportView     Action = "report.view"     // dashboards and reports
	GDPRManage     Action = "gdpr.manage"     // registers, data-subject requests, erasure
	SelfService    Action = "self"            // one's own account: sign out, password, calendar token
)

// matrix is THE role × action table: the only place in the code that says
// which role may do what. The README's table is generated from it
// (TestREADMEMatrix keeps them equal).
var matrix = map[Role][]Action{
	RoleAdmin:     {ContactView, ContactSearch, ContactCreate, ContactEdit, ContactArchive, StaffManage, WallManage, AccessLogView, SelfService},
	RoleLawyer:    {ContactView, ContactSearch, ContactCreate, ContactEdit, ContactArchive, ReportView, SelfService},
	RoleAssistant: {ContactView, ContactSearch, ContactCreate, ContactEdit, SelfService},
	RoleMarketing: {ContactView, ContactSearch, SelfService},
	RoleAuditor:   {AuditView, AccessLogView, SelfService},
	RoleAnalyst:   {ReportView, SelfService},
	RoleDPO:       {ContactView, ContactSearch, ContactEdit, AccessLogView, AuditView, GDPRManage, ReportView, SelfService},
}

// Actions lists every action, in a stable order.
var Actions = []Action{ContactView, ContactSearch, ContactCreate, ContactEdit, ContactArchive,
	StaffManage, WallManage, AccessLogView, AuditView, ReportView, GDPRManage, SelfService}

// Allows reports whether any of roles may take action.
func Allows(roles []Role, action Action) bool {
	for _, r := range roles {
		for _, a := range matrix[r] {
			if a == action {
				return true
			}
		}
	}
	return false
}
