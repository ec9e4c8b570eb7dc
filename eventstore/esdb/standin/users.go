package standin

import (
	"crypto/tls"
	"encoding/json"
	"net"
	"net/http"
	"strings"
	"testing"
)

// The users API. A real node creates users only through its HTTP API (the
// gRPC client has no call for it), on the node's own port; the stand-in
// serves the calls deploy/production/kurrentdb-user.sh makes, over TLS on
// a port of its own (UsersURL), with the answers the server documents:
//
//	POST /users/                                {"loginName", "fullName", "groups", "password"}
//	     201 Created; 409 Conflict when the login exists
//	POST /users/{login}/command/reset-password  {"newPassword"}
//	     200 OK; 404 Not Found for an unknown login
//
// Both are for $admins alone: 401 Unauthorized without credentials, with a
// wrong password or as another user. Users live as long as the test; a user
// in the group $admins is an administrator.

// UsersURL serves the users API of a secure node (once) and returns its
// base URL, https://127.0.0.1:PORT, whose certificate the node's CA
// (CAFile) signed.
func (s *Server) UsersURL(t testing.TB) string {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.usersURL != "" {
		return s.usersURL
	}
	if s.cluster.tls == nil {
		t.Fatal("stand-in: the users API needs a secure node (Secure)")
	}
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("stand-in: listen: %v", err)
	}
	srv := &http.Server{Handler: usersAPI{access: s.access}, TLSConfig: s.cluster.tls.serverConfig().Clone()}
	srv.TLSConfig.NextProtos = nil // HTTP/1.1, as curl speaks it here
	go func() { _ = srv.Serve(tls.NewListener(lis, srv.TLSConfig)) }()
	t.Cleanup(func() { _ = srv.Close() })
	s.usersURL = "https://" + lis.Addr().String()
	return s.usersURL
}

type usersAPI struct{ access *access }

func (u usersAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p, err := u.access.check(r.Header.Get("Authorization"))
	if err != nil || !p.admin {
		http.Error(w, "Unauthorized", http.StatusUnauthorized)
		return
	}
	if r.Method != http.MethodPost {
		http.Error(w, "Method Not Allowed", http.StatusMethodNotAllowed)
		return
	}
	if r.URL.Path == "/users/" || r.URL.Path == "/users" {
		u.create(w, r)
		return
	}
	login, ok := strings.CutSuffix(strings.TrimPrefix(r.URL.Path, "/users/"), "/command/reset-password")
	if !ok || login == "" || strings.Contains(login, "/") {
		http.NotFound(w, r)
		return
	}
	u.resetPassword(w, r, login)
}

func (u usersAPI) create(w http.ResponseWriter, r *http.Request) {
	var body struct {
		LoginName string   `json:"loginName"`
		FullName  string   `json:"fullName"`
		Groups    []string `json:"groups"`
		Password  string   `json:"password"`
	}
	if json.NewDecoder(r.Body).Decode(&body) != nil || body.LoginName == "" || body.Password == "" {
		http.Error(w, "Bad Request", http.StatusBadRequest)
		return
	}
	a := u.access
	a.mu.Lock()
	_, exists := a.users[body.LoginName]
	if !exists {
		admin := false
		for _, g := range body.Groups {
			admin = admin || g == "$admins"
		}
		a.users[body.LoginName] = user{password: body.Password, admin: admin}
	}
	a.mu.Unlock()
	if exists {
		http.Error(w, "Conflict", http.StatusConflict)
		return
	}
	w.WriteHeader(http.StatusCreated)
}

func (u usersAPI) resetPassword(w http.ResponseWriter, r *http.Request, login string) {
	var body struct {
		NewPassword string `json:"newPassword"`
	}
	if json.NewDecoder(r.Body).Decode(&body) != nil || body.NewPassword == "" {
		http.Error(w, "Bad Request", http.StatusBadRequest)
		return
	}
	a := u.access
	a.mu.Lock()
	known, exists := a.users[login]
	if exists {
		known.password = body.NewPassword
		a.users[login] = known
	}
	a.mu.Unlock()
	if !exists {
		http.NotFound(w, r)
		return
	}
	w.WriteHeader(http.StatusOK)
}
