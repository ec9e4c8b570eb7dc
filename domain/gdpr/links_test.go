package gdpr_test

import (
	"bytes"
	"encoding/base64"
	"strings"
	"testing"
	"time"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/gdpr"
)

func links(t *testing.T, fill byte) *gdpr.WithdrawalLinks {
	t.Helper()
	l, err := gdpr.NewWithdrawalLinks(bytes.Repeat([]byte{fill}, gdpr.MinLinkKeyLength))
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func TestWithdrawalLinkRoundTrip(t *testing.T) {
	t.Parallel()
	l := links(t, 1)
	expires := now.Add(30 * 24 * time.Hour)
	token, err := l.Sign(subjectID, "c1", expires)
	if err != nil {
		t.Fatal(err)
	}
	got, err := l.Verify(token, now)
	if err != nil || got.SubjectID != subjectID || got.ConsentID != "c1" || !got.Expires.Equal(expires.Truncate(time.Second)) {
		t.Fatalf("Verify = %+v, %v", got, err)
	}
	_, err = l.Verify(token, expires)
	refusedWith(t, err, domain.KindInvalid, "gdpr.link.expired")
}

func TestForgedWithdrawalLinksAreRefused(t *testing.T) {
	t.Parallel()
	l := links(t, 1)
	token, err := l.Sign(subjectID, "c1", now.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	otherKey, _ := links(t, 2).Sign(subjectID, "c1", now.Add(time.Hour))
	payload, mac, _ := strings.Cut(token, ".")
	raw, _ := base64.RawURLEncoding.DecodeString(payload)
	altered := base64.RawURLEncoding.EncodeToString(bytes.Replace(raw, []byte("|c1|"), []byte("|c2|"), 1)) + "." + mac
	for name, forged := range map[string]string{
		"other key": otherKey, "altered consent": altered, "no mac": payload, "empty": "",
		"garbage": "not a token", "truncated mac": token[:len(token)-4], "too long": strings.Repeat("a", 5000),
	} {
		if _, err := l.Verify(forged, now); !isCode(err, "gdpr.link.invalid") {
			t.Errorf("%s: Verify = %v", name, err)
		}
	}
}

func TestWithdrawalLinkHoldsNoPersonalData(t *testing.T) {
	t.Parallel()
	token, _ := links(t, 1).Sign(subjectID, "c1", now.Add(time.Hour))
	payload, _, _ := strings.Cut(token, ".")
	raw, _ := base64.RawURLEncoding.DecodeString(payload)
	if want := "1|" + subjectID + "|c1|"; !strings.HasPrefix(string(raw), want) {
		t.Fatalf("payload %q, want IDs and expiry only", raw)
	}
	if _, err := gdpr.NewWithdrawalLinks([]byte("short")); err == nil {
		t.Fatal("a short key was accepted")
	}
}

func isCode(err error, code string) bool {
	e, ok := err.(*domain.Error)
	return ok && e.Code == code
}

// An opt-out link names the person alone; it is refused after its
// expiry, under another key, and as a withdrawal link, and a withdrawal
// link does not pass for one: one click must do only what its e-mail
// said.
func TestObjectionLinks(t *testing.T) {
	t.Parallel()
	l := links(t, 1)
	expires := now.Add(30 * 24 * time.Hour)
	token, err := l.SignObjection(subjectID, expires)
	if err != nil {
		t.Fatal(err)
	}
	got, err := l.VerifyObjection(token, now)
	if err != nil || got.SubjectID != subjectID || !got.Expires.Equal(expires.Truncate(time.Second)) {
		t.Fatalf("VerifyObjection = %+v, %v", got, err)
	}
	_, err = l.VerifyObjection(token, expires)
	refusedWith(t, err, domain.KindInvalid, "gdpr.link.expired")
	_, err = links(t, 2).VerifyObjection(token, now)
	refusedWith(t, err, domain.KindInvalid, "gdpr.link.invalid")
	_, err = l.Verify(token, now)
	refusedWith(t, err, domain.KindInvalid, "gdpr.link.invalid")
	withdrawal, err := l.Sign(subjectID, "c1", expires)
	if err != nil {
		t.Fatal(err)
	}
	_, err = l.VerifyObjection(withdrawal, now)
	refusedWith(t, err, domain.KindInvalid, "gdpr.link.invalid")
}
