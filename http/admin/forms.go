package admin

import (
	"crypto/rand"
	"net/url"
	"strings"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/access"
)

// errUnknownRole: a form sent a role Klient does not have.
var errUnknownRole = domain.Invalid("roles", "unknown role").WithCode("request.role.unknown")

// rolesOf reads the checked roles of a form.
func rolesOf(f url.Values) ([]access.Role, error) {
	var roles []access.Role
	for _, v := range f["roles"] {
		r, err := access.ParseRole(v)
		if err != nil {
			return nil, errUnknownRole
		}
		roles = append(roles, r)
	}
	return roles, nil
}

// teamsOf reads the checked teams and the new ones typed, comma-separated.
// The domain trims, checks and de-duplicates them.
func teamsOf(f url.Values) []string {
	teams := append([]string(nil), f["teams"]...)
	for _, t := range strings.Split(f.Get("new_teams"), ",") {
		if t = strings.TrimSpace(t); t != "" {
			teams = append(teams, t)
		}
	}
	return teams
}

// generatedPassword is an initial or reset password: 20 characters from
// an alphabet without look-alikes (about 100 bits), to be read off the
// screen once and changed by its owner.
func generatedPassword() string {
	const alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
	return pick(alphabet, 20)
}

// pick draws n characters uniformly: bytes past the largest multiple of
// the alphabet's length are drawn again rather than folded (no bias).
func pick(alphabet string, n int) string {
	limit := byte(256 - 256%len(alphabet))
	out := make([]byte, 0, n)
	b := make([]byte, 1)
	for len(out) < n {
		_, _ = rand.Read(b) // crypto/rand.Read never fails (Go 1.24+)
		if b[0] < limit {
			out = append(out, alphabet[int(b[0])%len(alphabet)])
		}
	}
	return string(out)
}

// roleChoice is one role checkbox.
type roleChoice struct {
	Role    access.Role
	Checked bool
}

func roleChoices(held []access.Role) []roleChoice {
	out := make([]roleChoice, len(access.Roles))
	for i, r := range access.Roles {
		out[i] = roleChoice{Role: r, Checked: containsRole(held, r)}
	}
	return out
}

func containsRole(roles []access.Role, r access.Role) bool {
	for _, x := range roles {
		if x == r {
			return true
		}
	}
	return false
}
