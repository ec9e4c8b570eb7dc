package integrations

// Purpose is what a processor-bound webhook is for, and the personal
// fields of the people its entries name that the purpose needs (data
// minimisation: no purpose gets a personnummer, an address or a note).
type Purpose struct {
	Name   string
	Fields []string // of PersonalFields: "name", "email"
}

// The fields a purpose may allow.
const (
	FieldName  = "name"
	FieldEmail = "email"
)

// Purposes are the purposes an administrator may tie a webhook to, in the
// form's order.
var Purposes = []Purpose{
	{Name: "billing", Fields: []string{FieldName, FieldEmail}},         // invoices to the client
	{Name: "case_management", Fields: []string{FieldName, FieldEmail}}, // the matter's people in the case system
	{Name: "time_reporting", Fields: []string{FieldName}},              // whose matter the hours are for
}

// PurposeOf returns the purpose named name.
func PurposeOf(name string) (Purpose, bool) {
	for _, p := range Purposes {
		if p.Name == name {
			return p, true
		}
	}
	return Purpose{}, false
}

// PersonalFields are one person's fields an entry carries for a
// processor-bound webhook, as its purpose allows.
type PersonalFields struct {
	Name  string `json:"name,omitempty"`
	Email string `json:"email,omitempty"`
}
