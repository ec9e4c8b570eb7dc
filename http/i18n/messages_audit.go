package i18n

var auditMessages = map[string]Message{
	"nav.audit": {SV: "Granskning", EN: "Audit"},
}
