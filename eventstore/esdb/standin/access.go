package standin

import (
	"context"
	"encoding/base64"
	"strings"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
)

// The users of a secure stand-in. admin is in $admins, as on a fresh real
// node; klient is the ordinary user the README tells operators to create
// for Klient.
const (
	AdminLogin     = "admin"
	AdminPassword  = "changeit"
	KlientLogin    = "klient"
	KlientPassword = "klient-stand-in-pw"
)

type user struct {
	password string
	admin    bool
}

// principal is who a call runs as.
type principal struct {
	login string
	admin bool
}

func (p principal) anonymous() bool { return p.login == "" }

// access is what a node lets whom do, by the real server's default ACLs:
// with security on, anonymous calls may touch no stream, any user may read
// and write user streams, system streams ("$…") are for $admins, and $all
// is a system stream too — readable by $admins and by whoever the $all
// stream's own ACL (its metadata stream "$$$all") names. An insecure node
// checks nothing.
type access struct {
	secure     bool
	users      map[string]user
	allReaders map[string]bool
}

func newAccess(secure bool, allReaders []string) *access {
	a := &access{secure: secure, allReaders: map[string]bool{},
		users: map[string]user{AdminLogin: {password: AdminPassword, admin: true}, KlientLogin: {password: KlientPassword}}}
	for _, r := range allReaders {
		a.allReaders[r] = true
	}
	return a
}

// authenticate reads the call's Basic credentials. A wrong password is
// Unauthenticated; no credentials at all is the anonymous principal.
func (a *access) authenticate(md metadata.MD) (principal, error) {
	if !a.secure {
		return principal{login: "insecure", admin: true}, nil
	}
	header := md.Get("authorization")
	if len(header) == 0 {
		return principal{}, nil
	}
	login, password, ok := basic(header[0])
	u, known := a.users[login]
	if !ok || !known || u.password != password {
		return principal{}, status.Error(codes.Unauthenticated, "Bad HTTP authentication header")
	}
	return principal{login: login, admin: u.admin}, nil
}

func basic(header string) (login, password string, ok bool) {
	encoded, found := strings.CutPrefix(header, "Basic ")
	if !found {
		return "", "", false
	}
	raw, err := base64.StdEncoding.DecodeString(encoded)
	if err != nil {
		return "", "", false
	}
	return strings.Cut(string(raw), ":")
}

// allStream names $all in access checks.
const allStream = "$all"

// mayRead and mayWrite answer AccessDenied as the real server does.
func (a *access) mayRead(p principal, stream string) error {
	if stream == allStream && a.allReaders[p.login] {
		return nil
	}
	return a.may(p, stream)
}

func (a *access) mayWrite(p principal, stream string) error { return a.may(p, stream) }

func (a *access) may(p principal, stream string) error {
	switch {
	case !a.secure || p.admin:
		return nil
	case p.anonymous(), strings.HasPrefix(stream, "$"):
		return accessDenied()
	}
	return nil
}

type principalKey struct{}

func withPrincipal(ctx context.Context, p principal) context.Context {
	return context.WithValue(ctx, principalKey{}, p)
}

// who is the principal the interceptor admitted the call as.
func who(ctx context.Context) principal {
	p, _ := ctx.Value(principalKey{}).(principal)
	return p
}
