package http

import "github.com/klient-crm/klient/domain"

// maxLoggedError bounds what one log line says about one error.
const maxLoggedError = domain.MaxLoggable

// loggable describes err for the log without personal data: domain.Loggable,
// the one rule every log line follows.
func loggable(err error) string { return domain.Loggable(err) }
