package auth

import (
	"context"
	"time"
)

// LoginThrottle is *credentials.Throttle (Store.Throttle()).
type LoginThrottle interface {
	Check(ctx context.Context, key string) (time.Duration, error)
	Failed(ctx context.Context, key string) error
	Succeeded(ctx context.Context, key string) error
}

// Deps are the sign-in's collaborators: the login throttle (required) and
// single sign-on (optional: nil leaves /auth/oidc/* answering 404 and the
// sign-in page without it).
type Deps struct {
	Throttle LoginThrottle
	OIDC     OIDCProvider
}
