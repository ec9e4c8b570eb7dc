package subjectexport

import (
	"time"

	"github.com/klient-crm/klient/domain/contact"
)

// Format names this package's JSON layout; a new layout gets a new name.
const Format = "klient-subject-access/1"

// Package is everything the firm holds about one data subject.
type Package struct {
	Format string `json:"format"`
	// Lang is the language the package's texts in words are in (sv, en);
	// set when it is written.
	Lang        string     `json:"lang,omitempty"`
	GeneratedAt time.Time  `json:"generated_at"`
	Controller  Controller `json:"controller"`
	Subject     Subject    `json:"subject"`
	// Merged are the contact records merged into the subject's (issue 14):
	// the same person registered twice, whose history is theirs too.
	Merged []Subject `json:"merged,omitempty"`
	// SpecialCategories are the markings of the subject's data as special
	// categories (art. 9) or data on offences (art. 10): art. 15.1 b's
	// categories of the personal data concerned, with the ground of each.
	SpecialCategories []SpecialMarking `json:"special_categories"`
	Matters           []Matter         `json:"matters"`
	Communications    []Communication  `json:"communications"`
	// HeldMail is incoming e-mail from or to the subject awaiting filing.
	HeldMail     []HeldMail     `json:"held_mail"`
	Documents    []Document     `json:"documents"`
	Tasks        []Task         `json:"tasks"`
	DueDiligence []DueDiligence `json:"due_diligence"`
	Register     Register       `json:"register"`
	Accesses     []Access       `json:"accesses"`
	Recipients   []Recipient    `json:"recipients"`
	Retention    []Retention    `json:"retention"`
}

// SpecialMarking is one marking: what is marked (the contact record
// whole, one of its fields, a document or an entry of the communication
// log), its categories, the grounds they are processed under, and since
// when.
type SpecialMarking struct {
	What       string    `json:"what"` // contact, addresses, affiliations, relationships, document, communication
	ID         string    `json:"id"`   // the contact record's (theirs or a merged one's), the document's or the entry's
	Categories []string  `json:"categories"`
	Grounds    []string  `json:"grounds"`
	MarkedAt   time.Time `json:"marked_at,omitzero"` // unknown for an entry of the communication log
	// Label names a document or an entry for the HTML page (its name, or
	// an entry's date after LabelKind, the entry's kind named in the
	// page's language); the JSON has the ID.
	Label     string `json:"-"`
	LabelKind string `json:"-"`
}

// Withholding marks what an item leaves out, and on which ground.
type Withholding struct {
	Fields []string `json:"fields"`
	Ground string   `json:"ground"`
}

// Controller is the firm answering the request.
type Controller struct {
	Name               string `json:"name"`
	OrganisationNumber string `json:"organisation_number,omitempty"`
	Contact            string `json:"contact,omitempty"` // how to reach the DPO
}

// Subject is the person's contact record.
type Subject struct {
	ID                  string            `json:"id"`
	Kind                string            `json:"kind"` // person or organisation
	Name                string            `json:"name"`
	GivenName           string            `json:"given_name,omitempty"`
	FamilyName          string            `json:"family_name,omitempty"`
	OrganisationName    string            `json:"organisation_name,omitempty"`
	Personnummer        string            `json:"personnummer,omitempty"`
	Organisationsnummer string            `json:"organisationsnummer,omitempty"`
	Emails              []contact.Email   `json:"emails"`
	Phones              []contact.Phone   `json:"phones"`
	Addresses           []contact.Address `json:"addresses"`
	ProtectedIdentity   bool              `json:"protected_identity"`
	Archived            bool              `json:"archived"`
	Restricted          bool              `json:"restricted"`
	RegisteredAt        time.Time         `json:"registered_at"`
	UpdatedAt           time.Time         `json:"updated_at"`
	Affiliations        []Affiliation     `json:"affiliations"`
}

// Affiliation is a role the person holds at an organisation.
type Affiliation struct {
	OrganisationID   string `json:"organisation_id"`
	OrganisationName string `json:"organisation_name"`
	Role             string `json:"role,omitempty"`
}

// Matter is a matter the subject is a party to.
type Matter struct {
	MatterID     string       `json:"matter_id"`
	Role         string       `json:"role"` // client, counterparty, witness, …
	AddedAt      time.Time    `json:"added_at"`
	Number       string       `json:"number,omitempty"`
	Title        string       `json:"title,omitempty"`
	Description  string       `json:"description,omitempty"`
	PracticeArea string       `json:"practice_area,omitempty"`
	Status       string       `json:"status,omitempty"`
	OpenedAt     time.Time    `json:"opened_at,omitzero"`
	ClosedAt     time.Time    `json:"closed_at,omitzero"`
	PartyNote    string       `json:"party_note,omitempty"` // the firm's note on the subject's part in it
	Notes        []string     `json:"notes,omitempty"`      // the file's notes
	Destroyed    bool         `json:"file_destroyed,omitempty"`
	Withheld     *Withholding `json:"withheld,omitempty"`
}

// HeldMail is an incoming e-mail the firm received from or to the
// subject's address that waits, sealed, in a staff member's review queue
// because it could not be filed under a matter: it is filed, discarded,
// or destroyed after the queue's time limit (KLIENT_HELD_MAIL_DAYS).
type HeldMail struct {
	ID         string    `json:"id"`
	ReceivedAt time.Time `json:"received_at"`
	Bytes      int64     `json:"bytes"`
	Roles      []string  `json:"roles"` // from, to, cc: where the subject's address stands in it
}

// Communication is an entry of the communication log the subject is in.
type Communication struct {
	ID               string       `json:"id"`
	Kind             string       `json:"kind"`
	OccurredAt       time.Time    `json:"occurred_at"`
	MatterID         string       `json:"matter_id,omitempty"`
	Subject          string       `json:"subject,omitempty"`
	Body             string       `json:"body,omitempty"`
	StaffTakingPart  int          `json:"staff_taking_part"`
	OthersTakingPart int          `json:"others_taking_part"`
	Corrected        bool         `json:"corrected,omitempty"`
	Deleted          bool         `json:"deleted,omitempty"`
	Erased           bool         `json:"erased,omitempty"`
	Withheld         *Withholding `json:"withheld,omitempty"`
}
