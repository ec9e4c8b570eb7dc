package i18n

// specialContactMessages are a contact's special-category markings (art.
// 9, 10): the whole contact or a field, the page that marks them, what
// others see instead, and the purpose asked before the data is shown.
var specialContactMessages = map[string]Message{
	"audit.event.contact_special_category_marked": {SV: "Kontakt markerad med känsliga personuppgifter", EN: "Contact marked as special categories"},

	"special.in_use.count_both": {SV: "%s – dokument: %d, kontakter: %d", EN: "%s – documents: %d, contacts: %d"},
	"special.in_use.none_any":   {SV: "Inga dokument eller kontakter är markerade med känsliga personuppgifter.", EN: "No document or contact is marked as special categories."},

	"special.contact.title":               {SV: "Känsliga personuppgifter", EN: "Special categories of data"},
	"special.contact.lead":                {SV: "Markera hela kontakten eller ett av dess fält som känsliga personuppgifter (art. 9) eller uppgifter om lagöverträdelser (art. 10), med lagstöd. Det markerade visas bara för juristerna i kontaktens ärenden och för dataskyddsombudet, och bara när de anger varför; andra ser ”(känslig uppgift)”. En kontakt som är markerad i sin helhet visas för andra bara med namnet.", EN: "Mark the whole contact or one of its fields as special categories (art. 9) or data on offences (art. 10), with the legal ground. What is marked is shown only to the lawyers of the contact's matters and the DPO, and only when they say why; others see “(special category)”. A contact marked whole is shown to others by name only."},
	"special.contact.current":             {SV: "Markeringar", EN: "Markings"},
	"special.contact.none":                {SV: "Inget är markerat.", EN: "Nothing is marked."},
	"special.contact.field":               {SV: "Vad som markeras", EN: "What is marked"},
	"special.contact.field.contact":       {SV: "Hela kontakten", EN: "The whole contact"},
	"special.contact.field.addresses":     {SV: "Adresser (t.ex. en anstalt, ett sjukhus, ett boende)", EN: "Addresses (e.g. a prison, a hospital, a care home)"},
	"special.contact.field.affiliations":  {SV: "Roller i organisationer (t.ex. fackförening, parti, trossamfund)", EN: "Roles at organisations (e.g. a trade union, a party, a religious community)"},
	"special.contact.field.relationships": {SV: "Relationer (t.ex. förvaltare, god man, ställföreträdare)", EN: "Relations (e.g. a guardian, a deputy, a legal representative)"},
	"special.contact.hint":                {SV: "Ta bort alla kategorier för fältet för att häva dess markering.", EN: "Clear every category of the field to lift its marking."},
	"special.contact.link":                {SV: "Känsliga personuppgifter …", EN: "Special categories …"},
	"special.contact.back":                {SV: "Tillbaka till kontakten", EN: "Back to the contact"},
	"special.contact.hidden":              {SV: "(känslig uppgift)", EN: "(special category)"},
	"special.contact.card":                {SV: "Kontakten har känsliga personuppgifter. Bara namnet visas för dig.", EN: "The contact holds special categories of personal data. Only the name is shown to you."},
	"special.contact.notice":              {SV: "Kontakten har uppgifter som är markerade som känsliga. De visas bara för juristerna i kontaktens ärenden och för dataskyddsombudet.", EN: "The contact has data marked as special categories. It is shown only to the lawyers of the contact's matters and the DPO."},
	"special.contact.open.lead":           {SV: "Kontakten har uppgifter som är markerade som känsliga. Ange varför du behöver se dem; skälet sparas i åtkomstloggen.", EN: "The contact has data marked as special categories. Say why you need to see it; the reason is kept in the access log."},
	"special.contact.open.submit":         {SV: "Visa de känsliga uppgifterna", EN: "Show the marked data"},
	"special.contact.shown":               {SV: "De känsliga uppgifterna visas. Din visning och ditt skäl finns i åtkomstloggen.", EN: "The marked data is shown. Your view and your reason are in the access log."},

	"special.contact.purpose_required": {SV: "Ange varför du behöver se kontaktens känsliga personuppgifter.", EN: "Say why you need to see the contact's special categories of data."},
	"contact.special.edit":             {SV: "Kontakten har känsliga personuppgifter som du inte får se, så du kan inte ändra den. Be en jurist i kontaktens ärende eller dataskyddsombudet.", EN: "The contact holds special categories of data that you may not see, so you cannot change it. Ask a lawyer of the contact's matter or the DPO."},
	"dpo.special.field":                {SV: "Välj hela kontakten, dess adresser, roller eller relationer.", EN: "Choose the whole contact, its addresses, its roles or its relations."},
	"dpo.special.contact":              {SV: "Kontakten finns inte.", EN: "There is no such contact."},

	"confirm.special.lift":             {SV: "Häva markeringen ”%s” för %s?", EN: "Lift the marking “%s” of %s?"},
	"confirm.special.lift.consequence": {SV: "Uppgifterna visas därefter för alla som får se kontakten, och kan komma med i exporter och utskick.", EN: "The data is then shown to everyone who may see the contact, and may reach exports and mailings."},
	"confirm.special.lift.button":      {SV: "Häva markeringen", EN: "Lift the marking"},
}
