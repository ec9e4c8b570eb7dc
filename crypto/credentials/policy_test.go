package credentials_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/klient-crm/klient/crypto/credentials"
	"github.com/klient-crm/klient/domain"
)

func TestPasswordPolicy(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ password, code string }{
		{"kort ord", "credentials.password.too_short"},
		{"ålåkörbär", "credentials.password.too_short"}, // 9 characters, more bytes
		{strings.Repeat("lång fras ", 26), "credentials.password.too_long"},
		{"aaaaaaaaaaaaaaaa", "credentials.password.too_simple"},
		{"abcdabcdabcdabcd", "credentials.password.too_simple"},
		{"198112189876", "credentials.password.too_simple"}, // a personnummer
		{"Password123456", "credentials.password.common"},
		{"Sommar2024!!", "credentials.password.common"},
		{"!!lösenord2025", "credentials.password.common"},
		{"1q2w3e4r5t6y", "credentials.password.common"},
		{"klientklientklient", "credentials.password.common"},
		{goodPassword, ""},
		{"tre små grisar", ""}, // lower-case letters only: length is enough
		{"sommaren i Båstad 1998", ""},
	} {
		err := credentials.CheckPassword(tc.password)
		var de *domain.Error
		switch {
		case tc.code == "" && err != nil:
			t.Errorf("%q refused: %v", tc.password, err)
		case tc.code != "" && !(errors.As(err, &de) && de.Code == tc.code && de.Kind == domain.KindInvalid):
			t.Errorf("%q: got %v, want code %s", tc.password, err, tc.code)
		}
	}
}

func TestSetPasswordAppliesPolicy(t *testing.T) {
	t.Parallel()
	f, ctx := newFixture(t), context.Background()
	err := f.store.SetPassword(ctx, "staff-1", "Sommar2024!!")
	if !domain.IsKind(err, domain.KindInvalid) || strings.Contains(err.Error(), "Sommar") {
		t.Fatalf("weak password: %v; want invalid, without the password in the message", err)
	}
	if text := f.tableText(t, "credentials_passwords"); text != "" {
		t.Fatalf("a refused password was stored: %s", text)
	}
}
