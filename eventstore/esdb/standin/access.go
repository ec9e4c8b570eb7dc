package standin

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"strings"
	"sync"

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
// checks nothing. Users are added and their passwords reset through the
// HTTP users API (users.go), and a "$metadata" event appended to "$$$all"
// replaces $all's readers, as on the real server.
type access struct {
	secure     bool
	mu         sync.Mutex
	users      map[string]user
	allReaders map[string]bool // logins, or "$all" for every user
}

func newAccess(secure bool, allReaders []string, klient bool) *access {
	a := &access{secure: secure, allReaders: map[string]bool{},
		users: map[string]user{AdminLogin: {password: AdminPassword, admin: true}}}
	if klient {
		a.users[KlientLogin] = user{password: KlientPassword}
	}
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
	return a.check(header[0])
}

// check reads one Basic authorization header.
func (a *access) check(header string) (principal, error) {
	login, password, ok := basic(header)
	a.mu.Lock()
	u, known := a.users[login]
	a.mu.Unlock()
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
	if stream == allStream && !p.anonymous() {
		a.mu.Lock()
		named := a.allReaders[p.login] || a.allReaders["$all"]
		a.mu.Unlock()
		if named {
			return nil
		}
	}
	return a.may(p, stream)
}

// allMetadataStream is $all's metadata stream, where its ACL is written.
const allMetadataStream = "$$$all"

// written applies what an append to stream changed of the ACLs: a
// "$metadata" event in "$$$all" names the readers of $all in "$acl"."$r"
// (one role as a string, or a list), replacing the ones before. Metadata
// that is not such JSON changes nothing, as the server then keeps the
// defaults.
func (a *access) written(stream string, props []proposal) {
	if stream != allMetadataStream {
		return
	}
	for _, p := range props {
		if p.eventType != "$metadata" {
			continue
		}
		var meta struct {
			ACL struct {
				Read any `json:"$r"`
			} `json:"$acl"`
		}
		if json.Unmarshal(p.data, &meta) != nil {
			continue
		}
		readers := map[string]bool{}
		switch r := meta.ACL.Read.(type) {
		case string:
			readers[r] = true
		case []any:
			for _, v := range r {
				if s, ok := v.(string); ok {
					readers[s] = true
				}
			}
		}
		a.mu.Lock()
		a.allReaders = readers
		a.mu.Unlock()
	}
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
