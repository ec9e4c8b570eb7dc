package oidc

import (
	"errors"
	"fmt"
	"strings"

	"golang.org/x/oauth2"

	"github.com/klient-crm/klient/domain"
)

// CodeFailed is the catalogue key of every sign-in failure. One code for all
// of them on purpose: telling a browser which check failed helps an attacker
// more than a user, and the log has the step.
const CodeFailed = "auth.oidc_failed"

const failedMessage = "Sign-in with the identity provider failed. Please try again."

var (
	errNoCookie  = errors.New("no flow cookie: never started, expired or already used")
	errExpired   = errors.New("flow cookie expired")
	errState     = errors.New("state does not match the flow cookie")
	errNoCode    = errors.New("callback carries no code")
	errNoIDToken = errors.New("token response carries no ID token")
	errNonce     = errors.New("ID token nonce does not match the flow cookie")
)

// stepError is the loggable cause: the step that failed and a detail that
// carries no token, no code and no free text from the provider.
type stepError struct {
	step   string
	detail string
	cause  error
}

func (e *stepError) Error() string { return "oidc " + e.step + ": " + e.detail }

// Unwrap keeps errors.Is working on the sentinels above; callers that print
// only Error() never see the wrapped library error's text.
func (e *stepError) Unwrap() error { return e.cause }

func failure(step string, err error) *domain.Error {
	return &domain.Error{
		Kind:    domain.KindForbidden,
		Code:    CodeFailed,
		Message: failedMessage,
		Err:     &stepError{step: step, detail: safeDetail(err), cause: err},
	}
}

// safeDetail drops the token endpoint's response body, which
// oauth2.RetrieveError would otherwise print, and bounds the rest.
func safeDetail(err error) string {
	var re *oauth2.RetrieveError
	if errors.As(err, &re) && re.Response != nil {
		return fmt.Sprintf("token endpoint answered %d %s", re.Response.StatusCode, printable(re.ErrorCode))
	}
	if errors.As(err, &re) {
		return "token endpoint answered " + printable(re.ErrorCode)
	}
	return printable(err.Error())
}

type providerError string

func (e providerError) Error() string { return "provider answered " + printable(string(e)) }

// printable keeps a bounded run of plain characters, so nothing a provider
// or an attacker put into a URL reaches the log verbatim.
func printable(s string) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r > 0x7e {
			return '?'
		}
		return r
	}, s)
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return s
}
