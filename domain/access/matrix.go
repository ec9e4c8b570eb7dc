package access

// Action is something a request does. Every route names exactly one.
type Action string

// The actions. Record-level rules (teams, grants, walls) come on top: a
// role that allows contact.view still sees no walled-off client, and one
// that allows matter.view sees only the matters its holder works on.
const (
	ContactView    Action = "contact.view"    // open a contact's page or API record
	ContactSearch  Action = "contact.search"  // list and search contacts
	ContactCreate  Action = "contact.create"  // register a person or organisation
	ContactEdit    Action = "contact.edit"    // change details, affiliations
	ContactArchive Action = "contact.archive" // archive and reactivate
	ContactExport  Action = "contact.export"  // a search result or a selection as CSV or vCard
	StaffManage    Action = "staff.manage"    // accounts, roles, teams, API tokens
	WallManage     Action = "wall.manage"     // erect and lift ethical walls
	AccessLogView  Action = "accesslog.view"  // search who looked at whose data
	AuditView      Action = "audit.view"      // history, replay, verification
	ReportView     Action = "report.view"     // dashboards and reports
	GDPRManage     Action = "gdpr.manage"     // registers, data-subject requests, erasure
	RegisterView   Action = "register.view"   // read and print the DPO's registers (breaches): the DPO's and the auditors'
	TemplateManage Action = "template.manage" // the practice areas' workflow templates and the letter templates
	SelfService    Action = "self"            // one's own account: sign out, password
	CampaignManage Action = "campaign.manage" // campaigns to contacts who consented to the purpose (and existing clients, where the firm chooses), and their reports
	MentionRedact  Action = "mention.redact"  // read and redact what an erasure found naming the erased person: the DPO any, a lawyer those in the matters they are responsible for

	MatterView           Action = "matter.view"            // list, search and open matters one works on
	MatterCreate         Action = "matter.create"          // take in a matter (intake)
	MatterEdit           Action = "matter.edit"            // details, parties, team
	MatterConflictDecide Action = "matter.conflict_decide" // run a conflict check, decide on it, open the matter
	MatterClose          Action = "matter.close"           // close, reopen and archive
	CommunicationLog     Action = "communication.log"      // read and write the communication log
	DocumentUpload       Action = "document.upload"        // file a document with a matter
	DocumentDownload     Action = "document.download"      // fetch a document's bytes
	TaskManage           Action = "task.manage"            // one's tasks and follow-ups; create, assign, complete
	DeadlineManage       Action = "deadline.manage"        // set, meet and cancel deadlines
	CalendarFeed         Action = "calendar.feed"          // one's own calendar feed URL
	SensitiveRead        Action = "sensitive.read"         // read a document or a contact marked as special categories (art. 9, 10), and mark one

	CDDRecord Action = "cdd.record" // a matter's due-diligence record: risk, identity, owners, PEP, screening, decision
	CDDManage Action = "cdd.manage" // the AML officer's: the general risk assessment, sanctions lists, escalated records
)

// casework is what everyone who works on matters does; the lawyer adds the
// decisions a lawyer answers for (conflicts, closing).
var casework = []Action{MatterView, MatterCreate, MatterEdit, CommunicationLog, DocumentUpload,
	DocumentDownload, TaskManage, DeadlineManage, CalendarFeed}

// matrix is THE role × action table: the only place in the code that says
// which role may do what. The README's table is generated from it
// (TestREADMEMatrix keeps them equal).
var matrix = map[Role][]Action{
	RoleAdmin: {ContactView, ContactSearch, ContactCreate, ContactEdit, ContactArchive, StaffManage, WallManage, AccessLogView,
		TemplateManage, SelfService},
	RoleLawyer: append([]Action{ContactView, ContactSearch, ContactCreate, ContactEdit, ContactArchive, ContactExport, ReportView, SelfService,
		MatterConflictDecide, MatterClose, CDDRecord, MentionRedact, SensitiveRead}, casework...),
	RoleAssistant:  append([]Action{ContactView, ContactSearch, ContactCreate, ContactEdit, ContactExport, SelfService, CDDRecord}, casework...),
	RoleMarketing:  {ContactView, ContactSearch, ContactExport, CampaignManage, SelfService},
	RoleAuditor:    {AuditView, AccessLogView, RegisterView, SelfService},
	RoleAnalyst:    {ReportView, SelfService},
	RoleDPO:        {ContactView, ContactSearch, ContactEdit, AccessLogView, AuditView, GDPRManage, MentionRedact, RegisterView, ReportView, SelfService, SensitiveRead},
	RoleAMLOfficer: {CDDManage, SelfService},
}

// Actions lists every action, in a stable order.
var Actions = []Action{ContactView, ContactSearch, ContactCreate, ContactEdit, ContactArchive, ContactExport,
	StaffManage, WallManage, AccessLogView, AuditView, ReportView, GDPRManage, MentionRedact, RegisterView, TemplateManage, SelfService,
	CampaignManage, MatterView, MatterCreate, MatterEdit, MatterConflictDecide, MatterClose, CommunicationLog,
	DocumentUpload, DocumentDownload, SensitiveRead, TaskManage, DeadlineManage, CalendarFeed, CDDRecord, CDDManage}

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
