package requests

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/work"
	"github.com/klient-crm/klient/http/i18n"
)

// receivedAt reads the day of receipt (a Stockholm date): today means
// now, an earlier day its first moment. Empty is left to the domain,
// which asks for it.
func receivedAt(v string, now time.Time) (time.Time, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return time.Time{}, nil
	}
	d, err := time.ParseInLocation("2006-01-02", v, i18n.Stockholm)
	if err != nil {
		return time.Time{}, domain.Invalid("received_at", "give the date as YYYY-MM-DD").WithCode("dsr.date.invalid")
	}
	if work.DateOf(d) == work.DateOf(now) {
		return now, nil
	}
	return d, nil
}

// identityCheck is the domain's rule for "how", checked before the
// request is registered so that a bad one writes nothing.
func identityCheck(how string) (string, error) {
	how = strings.TrimSpace(how)
	switch {
	case !utf8.ValidString(how) || strings.IndexFunc(how, unicode.IsControl) >= 0:
		return "", domain.Invalid("how", "this field holds control characters").WithCode("gdpr.text.control")
	case utf8.RuneCountInString(how) > 200:
		return "", domain.Invalid("how", "this field is too long").WithCode("gdpr.text.too_long")
	}
	return how, nil
}
