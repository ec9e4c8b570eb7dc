package i18n

// uiMessages are the frame every page shares: layout, navigation, language
// switch, and the pages shown when something goes wrong.
var uiMessages = map[string]Message{
	"app.name":            {SV: "Klient", EN: "Klient"},
	"app.tagline":         {SV: "Klientregister för advokatbyråer", EN: "Client register for law firms"},
	"layout.skip":         {SV: "Hoppa till innehållet", EN: "Skip to content"},
	"layout.nav":          {SV: "Huvudmeny", EN: "Main menu"},
	"layout.footer":       {SV: "Personuppgifter behandlas enligt GDPR.", EN: "Personal data is processed under the GDPR."},
	"nav.contacts":        {SV: "Kontakter", EN: "Contacts"},
	"lang.switch":         {SV: "Språk", EN: "Language"},
	"lang.sv":             {SV: "Svenska", EN: "Svenska"},
	"lang.en":             {SV: "English", EN: "English"},
	"common.save":         {SV: "Spara", EN: "Save"},
	"common.cancel":       {SV: "Avbryt", EN: "Cancel"},
	"common.back":         {SV: "Tillbaka", EN: "Back"},
	"common.reload":       {SV: "Ladda om", EN: "Reload"},
	"common.yes":          {SV: "Ja", EN: "Yes"},
	"common.no":           {SV: "Nej", EN: "No"},
	"common.none":         {SV: "–", EN: "–"},
	"common.optional":     {SV: "valfritt", EN: "optional"},
	"error.page.back":     {SV: "Till kontakterna", EN: "Back to contacts"},
	"error.page.heading":  {SV: "Något gick fel", EN: "Something went wrong"},
	"error.page.ref":      {SV: "Referens för support: %s", EN: "Reference for support: %s"},
	"form.errors.summary": {SV: "Formuläret innehåller fel. Rätta de markerade fälten och försök igen.", EN: "The form has errors. Correct the marked fields and try again."},
}
