package i18n

var reportsMessages = map[string]Message{
	"nav.reports": {SV: "Rapporter", EN: "Reports"},
}
