package gdpr

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/klient-crm/klient/domain"
)

// MinLinkKeyLength is the shortest key WithdrawalLinks accepts: as long as
// the HMAC-SHA256 output, so the key is never the weaker part.
const MinLinkKeyLength = 32

// linkContext keeps these MACs from passing for any other use of the key;
// objectionContext does the same for the opt-out links, so that neither
// kind of link passes for the other.
const (
	linkContext      = "klient/consent-withdrawal/v1\x00"
	objectionContext = "klient/marketing-objection/v1\x00"
)

// WithdrawalLinks signs and checks the tokens of consent-withdrawal links
// (art. 7.3: withdrawing must be as easy as giving, so no sign-in). A token
// carries only the subject's and the consent's IDs and its expiry, in the
// clear, with an HMAC-SHA256 over them: never a name or an address.
type WithdrawalLinks struct{ key []byte }

// WithdrawalLink is what a valid token names.
type WithdrawalLink struct {
	SubjectID string
	ConsentID string
	Expires   time.Time
}

// NewWithdrawalLinks returns the signer for key (a secret of at least
// MinLinkKeyLength random bytes, shared by every instance).
func NewWithdrawalLinks(key []byte) (*WithdrawalLinks, error) {
	if len(key) < MinLinkKeyLength {
		return nil, errors.New("gdpr: a withdrawal-link key needs at least 32 bytes")
	}
	return &WithdrawalLinks{key: append([]byte(nil), key...)}, nil
}

// Sign returns the token for withdrawing consentID of subjectID, valid
// until expires.
func (l *WithdrawalLinks) Sign(subjectID, consentID string, expires time.Time) (string, error) {
	if !domain.ValidID(subjectID) || !domain.ValidID(consentID) || expires.IsZero() {
		return "", domain.Invalid("", "a link needs a subject, a consent and an expiry").WithCode("gdpr.link.terms")
	}
	payload := strings.Join([]string{"1", subjectID, consentID, strconv.FormatInt(expires.Unix(), 10)}, "|")
	enc := base64.RawURLEncoding
	return enc.EncodeToString([]byte(payload)) + "." + enc.EncodeToString(l.mac(linkContext, []byte(payload))), nil
}

// Verify returns what token names if this key signed it and it has not
// expired by now. A forged, altered or malformed token is refused with
// code "gdpr.link.invalid" before anything in it is believed; a genuine
// one past its expiry with "gdpr.link.expired".
func (l *WithdrawalLinks) Verify(token string, now time.Time) (WithdrawalLink, error) {
	payload, ok := l.open(linkContext, token)
	if !ok {
		return WithdrawalLink{}, domain.Invalid("token", "this link is not valid").WithCode("gdpr.link.invalid")
	}
	link, ok := parseLink(payload)
	if !ok {
		return WithdrawalLink{}, domain.Invalid("token", "this link is not valid").WithCode("gdpr.link.invalid")
	}
	if !now.Before(link.Expires) {
		return WithdrawalLink{}, domain.Invalid("token", "this link has expired").WithCode("gdpr.link.expired")
	}
	return link, nil
}

// open checks the MAC under context and returns the payload it covers.
func (l *WithdrawalLinks) open(context, token string) (string, bool) {
	if len(token) > 1024 {
		return "", false
	}
	p, m, found := strings.Cut(token, ".")
	payload, err1 := base64.RawURLEncoding.DecodeString(p)
	mac, err2 := base64.RawURLEncoding.DecodeString(m)
	if !found || err1 != nil || err2 != nil || !hmac.Equal(mac, l.mac(context, payload)) {
		return "", false
	}
	return string(payload), true
}

func (l *WithdrawalLinks) mac(context string, payload []byte) []byte {
	h := hmac.New(sha256.New, l.key)
	h.Write([]byte(context))
	h.Write(payload)
	return h.Sum(nil)
}

func parseLink(payload string) (WithdrawalLink, bool) {
	parts := strings.Split(payload, "|")
	if len(parts) != 4 || parts[0] != "1" || !domain.ValidID(parts[1]) || !domain.ValidID(parts[2]) {
		return WithdrawalLink{}, false
	}
	unix, err := strconv.ParseInt(parts[3], 10, 64)
	if err != nil {
		return WithdrawalLink{}, false
	}
	return WithdrawalLink{SubjectID: parts[1], ConsentID: parts[2], Expires: time.Unix(unix, 0).UTC()}, true
}

// ObjectionLink is what a valid opt-out token names: the person who may
// object by it to direct marketing, until Expires.
type ObjectionLink struct {
	SubjectID string
	Expires   time.Time
}

// SignObjection returns the token of an opt-out link: one click records
// subjectID's objection to direct marketing (art. 21.2–3). A campaign
// sent to an existing client under legitimate interest carries it, as
// there is no consent to withdraw. Like a withdrawal token it carries
// only the ID and the expiry, signed under its own context.
func (l *WithdrawalLinks) SignObjection(subjectID string, expires time.Time) (string, error) {
	if !domain.ValidID(subjectID) || expires.IsZero() {
		return "", domain.Invalid("", "a link needs a subject and an expiry").WithCode("gdpr.link.terms")
	}
	payload := strings.Join([]string{"1", subjectID, strconv.FormatInt(expires.Unix(), 10)}, "|")
	enc := base64.RawURLEncoding
	return enc.EncodeToString([]byte(payload)) + "." + enc.EncodeToString(l.mac(objectionContext, []byte(payload))), nil
}

// VerifyObjection returns what an opt-out token names, refused as Verify
// refuses: "gdpr.link.invalid" for one this key did not sign as an
// opt-out (a withdrawal token too), "gdpr.link.expired" past its expiry.
func (l *WithdrawalLinks) VerifyObjection(token string, now time.Time) (ObjectionLink, error) {
	invalid := domain.Invalid("token", "this link is not valid").WithCode("gdpr.link.invalid")
	payload, ok := l.open(objectionContext, token)
	if !ok {
		return ObjectionLink{}, invalid
	}
	parts := strings.Split(payload, "|")
	if len(parts) != 3 || parts[0] != "1" || !domain.ValidID(parts[1]) {
		return ObjectionLink{}, invalid
	}
	unix, err := strconv.ParseInt(parts[2], 10, 64)
	if err != nil {
		return ObjectionLink{}, invalid
	}
	link := ObjectionLink{SubjectID: parts[1], Expires: time.Unix(unix, 0).UTC()}
	if !now.Before(link.Expires) {
		return ObjectionLink{}, domain.Invalid("token", "this link has expired").WithCode("gdpr.link.expired")
	}
	return link, nil
}
