package i18n

// specialEntryMessages are the words of an entry of the communication log
// marked as holding special categories (art. 9, 10): its page, its
// marking's confirmation and refusals, and its line in the counts. The
// categories and grounds themselves are specialMessages'.
var specialEntryMessages = map[string]Message{
	"audit.event.communication_special_marked": {SV: "Post i kommunikationsloggen markerad med känsliga personuppgifter", EN: "Communication log entry marked as special categories"},

	"comms.entry.title":      {SV: "Post i kommunikationsloggen", EN: "Communication log entry"},
	"special.entry.lead":     {SV: "Markera vilka känsliga personuppgifter (art. 9) eller uppgifter om lagöverträdelser (art. 10) posten innehåller, och med vilket lagstöd. En markerad post syns bara för jurister, och dess text öppnas bara med ett angivet syfte; för andra finns posten inte.", EN: "Mark which special categories (art. 9) or data on offences (art. 10) the entry holds, and the legal ground. A marked entry is seen by lawyers only, and its text opens only with a stated purpose; to others the entry does not exist."},
	"special.in_use.entries": {SV: ", i kommunikationsloggen: %d", EN: ", in the communication log: %d"},

	"special.entry_purpose_required": {SV: "Ange varför du öppnar posten: den innehåller känsliga personuppgifter.", EN: "Say why you open the entry: it holds special categories of personal data."},
	"dpo.special.communication":      {SV: "Posten finns inte i kommunikationsloggen.", EN: "There is no such entry in the communication log."},

	"confirm.entry_special.mark":             {SV: "Markera posten som känsliga personuppgifter?", EN: "Mark the entry as special categories of data?"},
	"confirm.entry_special.mark.consequence": {SV: "Posten försvinner för alla som inte får läsa känsliga personuppgifter, även assistenter i ärendet och deras uppföljningar. Jurister öppnar dess text bara med ett angivet syfte. Markeringen kan hävas.", EN: "The entry disappears for everyone who may not read special categories, assistants on the matter and their follow-ups included. Lawyers open its text only with a stated purpose. The marking can be lifted."},
	"confirm.entry_special.mark.button":      {SV: "Markera posten", EN: "Mark the entry"},
	"confirm.entry_special.lift":             {SV: "Häva markeringen av posten?", EN: "Lift the entry's marking?"},
	"confirm.entry_special.lift.consequence": {SV: "Posten och dess text syns åter för alla i ärendet, även dem som inte får läsa känsliga personuppgifter.", EN: "The entry and its text are seen again by everyone on the matter, also those who may not read special categories."},
	"confirm.entry_special.lift.button":      {SV: "Häva markeringen", EN: "Lift the marking"},
}
