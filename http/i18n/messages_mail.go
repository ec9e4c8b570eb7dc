package i18n

// mailCodeMessages say what went wrong for each code the rules of e-mail,
// letters and letter templates give an error. A template's refusals name
// the line (%d) and, for a field, what was written (%q).
var mailCodeMessages = map[string]Message{
	"mail.id.format":           {SV: "E-postens id ska vara ett UUID.", EN: "A mail ID is a UUID."},
	"mail.id.taken":            {SV: "Ett annat e-postmeddelande har redan det id:t.", EN: "Another e-mail was requested under this ID."},
	"mail.purpose.invalid":     {SV: "Okänt syfte med e-postmeddelandet.", EN: "Unknown purpose of the e-mail."},
	"mail.to.invalid":          {SV: "Mottagarens e-postadress är inte en giltig adress.", EN: "The recipient's address is not an e-mail address."},
	"mail.to_name.invalid":     {SV: "Mottagarens namn får inte innehålla radbrytningar.", EN: "The recipient's name may not hold line breaks."},
	"mail.subject.required":    {SV: "Skriv en ämnesrad.", EN: "Write a subject."},
	"mail.subject.invalid":     {SV: "Ämnesraden ska vara en rad på högst 200 tecken.", EN: "The subject is one line of at most 200 characters."},
	"mail.body.required":       {SV: "Skriv en text.", EN: "Write a text."},
	"mail.body.invalid":        {SV: "Texten är för lång.", EN: "The text is too long."},
	"mail.recipient.not_found": {SV: "Mottagaren finns inte.", EN: "There is no such recipient."},

	"letter.channel.invalid":            {SV: "Välj om brevet skickas med e-post eller post.", EN: "Choose whether the letter goes by e-mail or by post."},
	"letter.matter.required":            {SV: "Ett brev skickas i ett ärende.", EN: "A letter is sent about a matter."},
	"letter.recipient.no_email":         {SV: "Mottagaren har ingen e-postadress. Lägg till en på kontakten eller skicka brevet med post.", EN: "The recipient has no e-mail address. Add one to the contact or send the letter by post."},
	"letter.template.id.format":         {SV: "Mallens id ska vara ett UUID.", EN: "A template ID is a UUID."},
	"letter.template.not_found":         {SV: "Brevmallen finns inte.", EN: "There is no such letter template."},
	"letter.template.changed_meanwhile": {SV: "Någon annan har ändrat brevmallen sedan du öppnade den. Ladda om och försök igen.", EN: "Someone else changed this letter template since you opened it. Reload and try again."},
	"letter.template.name_required":     {SV: "Ge mallen ett namn.", EN: "Give the template a name."},
	"letter.template.unknown_field":     {SV: "Rad %d: okänt fält %q. Se listan över fält under formuläret.", EN: "Line %d: unknown field %q. See the list of fields below the form."},
	"letter.template.unclosed_tag":      {SV: "Rad %d: {{ stängs inte med }} på samma rad.", EN: "Line %d: {{ is not closed by }} on the same line."},
	"letter.template.unclosed_block":    {SV: "Rad %d: {{#om …}} avslutas aldrig med {{/om}}.", EN: "Line %d: {{#om …}} is never closed by {{/om}}."},
	"letter.template.stray_end":         {SV: "Rad %d: {{/om}} utan ett öppet {{#om …}}.", EN: "Line %d: {{/om}} without an open {{#om …}}."},
	"letter.template.stray_else":        {SV: "Rad %d: {{annars}} utan ett öppet {{#om …}}.", EN: "Line %d: {{annars}} without an open {{#om …}}."},
	"letter.template.too_deep":          {SV: "Rad %d: högst %d {{#om …}} inuti varandra.", EN: "Line %d: at most %d {{#om …}} blocks inside each other."},
}
