package credentials

import (
	"fmt"

	"github.com/klient-crm/klient/domain"
)

// The errors people see. Each carries its catalogue code as a literal, so
// http/i18n's scan finds it. Messages never quote the password, the token
// or the account.

func errSessionExpired() error {
	return domain.Forbidden("the session has ended; sign in again").WithCode("auth.session_expired")
}

func errTokenInvalid() error {
	return domain.Forbidden("the API token is unknown, revoked or expired").WithCode("auth.token_invalid")
}

func errTokenExpired() error {
	return domain.Forbidden("the API token has expired; ask an administrator for a new one").WithCode("auth.token_expired")
}

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

func errTokenName() error {
	return domain.Invalid("name", "a token needs a name of 1 to %d characters", maxTokenName).
		WithCode("credentials.token.name")
}

func errTokenRoles() error {
	return domain.Invalid("roles", "a token needs at least one known role").WithCode("credentials.token.roles")
}

func errTokenExpiry() error {
	return domain.Invalid("expires_at", "a token's expiry must lie in the future").WithCode("credentials.token.expiry")
}

func errTokenScopes() error {
	return domain.Invalid("scopes", "a token needs at least one known scope").WithCode("credentials.token.scopes")
}

func errTokenExpiryMax() error {
	return domain.Invalid("expires_at", "a token may be valid for at most a year").WithCode("credentials.token.expiry_max")
}

func errTokenNotFound() error {
	return domain.NotFound("there is no such API token").WithCode("credentials.token.not_found")
}

// internal wraps a database failure (nil stays nil). pgx errors may quote
// the values of a statement, so the cause stays in Err, for the log's
// scrubbing, and out of Message.
func internal(what string, err error) error {
	if err == nil {
		return nil
	}
	return domain.Internal(fmt.Errorf("credentials: %s: %w", what, err))
}
