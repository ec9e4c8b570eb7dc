package i18n

var requestsMessages = map[string]Message{
	"nav.gdpr": {SV: "Dataskydd", EN: "Data protection"},
}
