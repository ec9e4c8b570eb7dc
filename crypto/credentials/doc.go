// Package credentials keeps the mutable security state of staff accounts:
// password hashes, login throttles, server-side sessions and API tokens.
//
// Unlike everything else in Klient this state is not event-sourced. A
// password hash must be replaceable and a session must be deletable; a log
// that never forgets is the wrong home for either. It lives in PostgreSQL
// tables the package owns (Migrations, component "credentials").
//
// # What is stored
//
// No secret is stored in a form that lets it be used. Passwords are hashed
// with argon2id (see Params for the cost and why); session tokens and API
// token secrets are 256-bit random values, so one SHA-256 is enough to make
// a stolen table useless and lets a lookup be a plain index probe. Throttle
// keys are stored as SHA-256 too, so no e-mail address or IP address lands
// in the throttle table in the clear.
//
// # Timing
//
// VerifyPassword on an account without a password, and VerifyDummy for an
// e-mail address that matches no account, run argon2id with the same
// parameters as a real check, so a wrong password and an unknown user take
// the same time. Hash comparisons are constant-time. At most a few hashes
// run at once (WithHashConcurrency): each holds 64 MiB, and a burst of
// sign-ins must queue rather than exhaust memory.
//
// # What the caller does
//
// The HTTP layer signs people in: it checks the Throttle for both the
// account key and the address key, verifies the password, records the
// outcome, and on success creates a NEW session (never reuses the token of
// an anonymous or earlier session) and ends the old one. Roles are not kept
// in the session: the caller reads them from the staff read model on every
// request, so a change of roles or a deactivation takes effect at once
// (and deactivation also calls EndAllSessions).
//
// May import: domain (error type, access roles), internal/pgmigrate, pgx,
// golang.org/x/crypto/argon2, golang.org/x/text/unicode/norm and the
// standard library.
package credentials
