package i18n

// contactListMessages are the contact list and the search.
var contactListMessages = map[string]Message{
	"contacts.title":              {SV: "Kontakter", EN: "Contacts"},
	"contacts.lead":               {SV: "Klienter, motparter och andra kontakter i byråns register.", EN: "Clients, counterparties and other contacts in the firm's register."},
	"contacts.new_person":         {SV: "Ny person", EN: "New person"},
	"contacts.new_organisation":   {SV: "Ny organisation", EN: "New organisation"},
	"contacts.search.label":       {SV: "Sök kontakter", EN: "Search contacts"},
	"contacts.search.placeholder": {SV: "Namn, personnummer, organisationsnummer, e-post eller telefon", EN: "Name, personnummer, organisationsnummer, e-mail or phone"},
	"contacts.search.submit":      {SV: "Sök", EN: "Search"},
	"contacts.search.clear":       {SV: "Visa alla kontakter", EN: "Show all contacts"},
	"contacts.search.results":     {SV: "Sökresultat för ”%s”", EN: "Search results for “%s”"},
	"contacts.search.none":        {SV: "Inga kontakter matchar sökningen.", EN: "No contacts match the search."},
	"contacts.filter.active":      {SV: "Aktiva", EN: "Active"},
	"contacts.filter.all":         {SV: "Alla, även arkiverade", EN: "All, archived included"},
	"contacts.empty":              {SV: "Det finns inga kontakter ännu. Börja med att lägga till en person eller organisation.", EN: "There are no contacts yet. Start by adding a person or an organisation."},
	"contacts.col.name":           {SV: "Namn", EN: "Name"},
	"contacts.col.kind":           {SV: "Typ", EN: "Kind"},
	"contacts.col.number":         {SV: "Person-/orgnr", EN: "ID number"},
	"contacts.col.email":          {SV: "E-post", EN: "E-mail"},
	"contacts.col.phone":          {SV: "Telefon", EN: "Phone"},
	"contacts.col.updated":        {SV: "Senast ändrad", EN: "Last changed"},
	"contacts.pager":              {SV: "Sidor", EN: "Pages"},
	"contacts.pager.prev":         {SV: "Föregående", EN: "Previous"},
	"contacts.pager.next":         {SV: "Nästa", EN: "Next"},
}
