package credentials

import (
	_ "embed"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/klient-crm/klient/domain"
)

// The password policy follows NIST SP 800-63B: length over composition. No
// rule demands a digit or a capital (such rules produce "Sommar2024!"); what
// is refused is what an attacker tries first.
const (
	MinPasswordLength = 12  // characters, after NFKC normalisation
	MaxPasswordLength = 256 // generous for passphrases, bounded for hashing
	minDistinct       = 5   // "aaaaaaaaaaaa", "abcabcabcabc"
)

//go:embed common_passwords.txt
var commonList string

// common holds the embedded list, lower-cased: whole passwords and the
// words people decorate with digits and symbols.
var common = func() map[string]bool {
	m := map[string]bool{}
	for _, line := range strings.Split(commonList, "\n") {
		if w := strings.TrimSpace(line); w != "" && !strings.HasPrefix(w, "#") {
			m[strings.ToLower(w)] = true
		}
	}
	return m
}()

// CheckPassword applies the policy to a new password and returns a
// *domain.Error (kind invalid, field "password") naming the first rule it
// breaks. The UI may call it to check before submitting.
func CheckPassword(password string) error {
	p := norm.NFKC.String(password)
	n := utf8.RuneCountInString(p)
	switch {
	case n < MinPasswordLength:
		return errPasswordTooShort()
	case n > MaxPasswordLength:
		return errPasswordTooLong()
	case distinct(p) < minDistinct || allDigits(p):
		// Twelve digits are most often a personnummer or a phone number,
		// which the firm's own register (and many others) holds.
		return errPasswordTooSimple()
	case isCommon(p):
		return errPasswordCommon()
	}
	return nil
}

func distinct(s string) int {
	seen := map[rune]bool{}
	for _, r := range s {
		seen[unicode.ToLower(r)] = true
	}
	return len(seen)
}

func allDigits(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return !unicode.IsDigit(r) }) < 0
}

// isCommon catches a listed password, a listed word dressed with digits or
// symbols at either end ("Sommar2024!"), and a listed word repeated
// ("passwordpassword").
func isCommon(p string) bool {
	lower := strings.ToLower(p)
	core := strings.TrimFunc(lower, func(r rune) bool { return !unicode.IsLetter(r) })
	return common[lower] || common[core] || common[repeatedUnit(core)]
}

// repeatedUnit returns the shortest u with s == u repeated twice or more,
// or "" when there is none.
func repeatedUnit(s string) string {
	for size := 1; size <= len(s)/2; size++ {
		if len(s)%size == 0 && strings.Repeat(s[:size], len(s)/size) == s {
			return s[:size]
		}
	}
	return ""
}

// The policy's errors, as people see them. Each carries its catalogue code
// as a literal, so http/i18n's scan finds it. Messages never quote the
// password or the account.

func errPasswordTooShort() error {
	return domain.Invalid("password", "a password needs at least %d characters", MinPasswordLength).
		WithCode("credentials.password.too_short")
}

func errPasswordTooLong() error {
	return domain.Invalid("password", "a password may have at most %d characters", MaxPasswordLength).
		WithCode("credentials.password.too_long")
}

func errPasswordTooSimple() error {
	return domain.Invalid("password", "the password repeats too few different characters, or is only digits").
		WithCode("credentials.password.too_simple")
}

func errPasswordCommon() error {
	return domain.Invalid("password", "the password is one of the most commonly used; choose another").
		WithCode("credentials.password.common")
}
